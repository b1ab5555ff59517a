package org.genlock.policy.support;

import org.genlock.api.playout.PlayoutSettings;

/**
 * The Metatype texts and ranges the policy bundles' configurations share, as constants so
 * each bundle's {@code @AttributeDefinition}s use them: the attributes mean the same in every
 * policy, only the defaults (see {@link PolicyDefaults}) and the summary differ. The maxima
 * are the limits {@link PolicyParameters#check} enforces, so the Web Console offers exactly
 * what validation accepts.
 */
public final class PolicyMetatype {

	/** What follows each policy's one-sentence summary in its configuration's description. */
	public static final String DESCRIPTION = "Depths are for 50 fps and above; slower formats get proportionally "
			+ "fewer frames (about the same time in hand) unless frame-rate scaling is off. Pool size, preroll and "
			+ "capacity apply at the next channel start; the rest at once.";

	/** Largest {@code framePoolSize}. */
	public static final String MAX_POOL = "" + PlayoutSettings.MAX_POOL_SIZE;
	/** Largest depth, catch-up and spare count. */
	public static final String MAX_DEPTH = "" + PlayoutSettings.MAX_DEPTH;
	/** Largest {@code lowLeadFrames}: below the largest preroll. */
	public static final String MAX_LOW_LEAD = "" + (PlayoutSettings.MAX_DEPTH - 1);
	/** Largest streak threshold. */
	public static final String MAX_STREAK = "" + PolicyParameters.MAX_STREAK_THRESHOLD;
	/** Largest headroom release interval. */
	public static final String MAX_RELEASE = "" + PolicyParameters.MAX_RELEASE_FRAMES;

	// each attribute: its label, named after its key in upper case, and its description

	public static final String FRAME_POOL_SIZE = "Frame pool size";
	public static final String FRAME_POOL_SIZE_DESCRIPTION = "Slots in the frame pool; 0 = automatic: prerollFrames "
			+ "+ maxReadyFrames + 1 + minSpareDeviceBuffers, plus 2 for a pipelined renderer";

	public static final String PREROLL_FRAMES = "Preroll frames";
	/** Followed by the policy's default in time, e.g. {@code " (4 = 80 ms at 50p)"}. */
	public static final String PREROLL_FRAMES_DESCRIPTION = "Frames scheduled on the device ahead of the clock";

	public static final String TARGET_READY_FRAMES = "Target ready frames";
	public static final String TARGET_READY_FRAMES_DESCRIPTION = "Rendered frames the producer keeps waiting in the "
			+ "ready queue; at most maxReadyFrames";

	public static final String MAX_READY_FRAMES = "Maximum ready frames";
	public static final String MAX_READY_FRAMES_DESCRIPTION = "Capacity of the ready queue";

	public static final String MIN_SPARE_DEVICE_BUFFERS = "Spare device buffers";
	public static final String MIN_SPARE_DEVICE_BUFFERS_DESCRIPTION = "Free pool slots kept in reserve so an underrun "
			+ "fill never waits";

	public static final String MAX_CATCH_UP_FRAMES = "Maximum catch-up frames";
	public static final String MAX_CATCH_UP_FRAMES_DESCRIPTION = "The most display indices one recovery decision may "
			+ "skip; 0 disables catch-up";

	public static final String ADAPTIVE_HEADROOM = "Adaptive headroom";
	public static final String ADAPTIVE_HEADROOM_DESCRIPTION = "Render further ahead (more latency) while late or "
			+ "dropped frames show it is needed";

	public static final String MAX_HEADROOM_FRAMES = "Maximum headroom frames";
	public static final String MAX_HEADROOM_FRAMES_DESCRIPTION = "Highest ready target adaptive headroom may set: "
			+ "targetReadyFrames..maxReadyFrames when adaptive, otherwise 0..maxReadyFrames (unused)";

	public static final String SCALE_WITH_FRAME_RATE = "Scale with frame rate";
	public static final String SCALE_WITH_FRAME_RATE_DESCRIPTION = "Treat the depths as 50 fps values and scale them "
			+ "down for slower formats (preroll not below 2)";

	public static final String LATE_STREAK_THRESHOLD = "Late streak threshold";
	public static final String LATE_STREAK_THRESHOLD_DESCRIPTION = "Consecutive late frames that start recovery";

	public static final String DROP_STREAK_THRESHOLD = "Drop streak threshold";
	public static final String DROP_STREAK_THRESHOLD_DESCRIPTION = "Consecutive dropped frames that start recovery";

	public static final String LOW_LEAD_FRAMES = "Low lead frames";
	public static final String LOW_LEAD_FRAMES_DESCRIPTION = "A scheduled lead at or below this many frames starts "
			+ "recovery before frames air late; less than prerollFrames";

	public static final String HEADROOM_RELEASE_FRAMES = "Headroom release interval";
	public static final String HEADROOM_RELEASE_FRAMES_DESCRIPTION = "Raised headroom is lowered by one frame at most "
			+ "once per this many frames, and only while the channel is healthy (250 = 5 s at 50p)";

	private PolicyMetatype() {
	}
}
