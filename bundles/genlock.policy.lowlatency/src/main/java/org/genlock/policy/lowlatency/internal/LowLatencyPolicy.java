package org.genlock.policy.lowlatency.internal;

import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.policy.support.CatchUpPace;
import org.genlock.policy.support.ConfigurablePolicy;
import org.genlock.policy.support.PolicyDefaults.LowLatency;
import org.genlock.policy.support.PolicyParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The playout policy for minimal latency: 40 ms scheduled ahead at 50p, one frame rendered
 * ahead, fixed headroom unless switched on, and immediate measured catch-up on the first
 * late or dropped frame (the whole measured lag at once, capped by the settings).
 *
 * <p>The instance keeps no per-channel state: every recovery decision is derived from the
 * backend's observation (see {@link org.genlock.policy.support.Recovery}), so one instance
 * serves any number of channels.
 */
@Component(service = PlayoutPolicy.class, immediate = true, configurationPid = LowLatencyPolicy.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL,
		property = LowLatencyPolicy.ID_PROPERTY + "=" + LowLatencyPolicy.ID)
@Designate(ocd = LowLatencyPolicy.Config.class)
public class LowLatencyPolicy extends ConfigurablePolicy {

	/** The configuration PID, the bundle symbolic name. */
	static final String PID = "genlock.policy.lowlatency";
	/** The policy id, in telemetry and in {@code policy.target} filters. */
	static final String ID = "lowlatency";
	/** The service property channels select a policy by. */
	static final String ID_PROPERTY = "genlock.policy.id";

	@ObjectClassDefinition(name = "Genlock playout policy: low latency",
			description = "Minimal buffer depths and aggressive late/drop recovery, for the least latency. Depths are for 50 fps "
					+ "and above; slower formats get proportionally fewer frames (about the same time in hand) "
					+ "unless frame-rate scaling is off. Pool size, preroll and capacity apply at the next channel "
					+ "start; the rest at once.")
	@interface Config {
		@AttributeDefinition(name = "Frame pool size", min = "0", max = "256",
				description = "Slots in the frame pool; 0 = automatic: prerollFrames + maxReadyFrames + 1 + "
						+ "minSpareDeviceBuffers, plus 2 for a pipelined renderer")
		int framePoolSize() default LowLatency.FRAME_POOL_SIZE;

		@AttributeDefinition(name = "Preroll frames", min = "1", max = "64",
				description = "Frames scheduled on the device ahead of the clock (2 = 40 ms at 50p)")
		int prerollFrames() default LowLatency.PREROLL_FRAMES;

		@AttributeDefinition(name = "Target ready frames", min = "1", max = "64",
				description = "Rendered frames the producer keeps waiting in the ready queue; at most maxReadyFrames")
		int targetReadyFrames() default LowLatency.TARGET_READY_FRAMES;

		@AttributeDefinition(name = "Maximum ready frames", min = "1", max = "64",
				description = "Capacity of the ready queue")
		int maxReadyFrames() default LowLatency.MAX_READY_FRAMES;

		@AttributeDefinition(name = "Spare device buffers", min = "0", max = "64",
				description = "Free pool slots kept in reserve so an underrun fill never waits")
		int minSpareDeviceBuffers() default LowLatency.MIN_SPARE_DEVICE_BUFFERS;

		@AttributeDefinition(name = "Maximum catch-up frames", min = "0", max = "64",
				description = "The most display indices one recovery decision may skip; 0 disables catch-up")
		int maxCatchUpFrames() default LowLatency.MAX_CATCH_UP_FRAMES;

		@AttributeDefinition(name = "Adaptive headroom",
				description = "Render further ahead (more latency) while late or dropped frames show it is needed")
		boolean adaptiveHeadroom() default LowLatency.ADAPTIVE_HEADROOM;

		@AttributeDefinition(name = "Maximum headroom frames", min = "0", max = "64",
				description = "Highest ready target adaptive headroom may set: targetReadyFrames..maxReadyFrames "
						+ "when adaptive, otherwise 0..maxReadyFrames (unused)")
		int maxHeadroomFrames() default LowLatency.MAX_HEADROOM_FRAMES;

		@AttributeDefinition(name = "Scale with frame rate",
				description = "Treat the depths as 50 fps values and scale them down for slower formats "
						+ "(preroll not below 2)")
		boolean scaleWithFrameRate() default LowLatency.SCALE_WITH_FRAME_RATE;

		@AttributeDefinition(name = "Late streak threshold", min = "1", max = "64",
				description = "Consecutive late frames that start recovery")
		int lateStreakThreshold() default LowLatency.LATE_STREAK_THRESHOLD;

		@AttributeDefinition(name = "Drop streak threshold", min = "1", max = "64",
				description = "Consecutive dropped frames that start recovery")
		int dropStreakThreshold() default LowLatency.DROP_STREAK_THRESHOLD;

		@AttributeDefinition(name = "Low lead frames", min = "0", max = "63",
				description = "A scheduled lead at or below this many frames starts recovery before frames "
						+ "air late; less than prerollFrames")
		int lowLeadFrames() default LowLatency.LOW_LEAD_FRAMES;

		@AttributeDefinition(name = "Headroom release interval", min = "1", max = "100000",
				description = "Raised headroom is lowered by one frame at most once per this many frames, "
						+ "and only while the channel is healthy (250 = 5 s at 50p)")
		int headroomReleaseFrames() default LowLatency.HEADROOM_RELEASE_FRAMES;
	}

	/** Starts on the defaults; {@link #configure(Config)} applies the configuration. */
	public LowLatencyPolicy() {
		super(PID, LowLatency.parameters());
	}

	@Activate
	@Modified
	void configure(Config config) {
		configure(parameters(config));
	}

	static PolicyParameters parameters(Config c) {
		return new PolicyParameters(c.framePoolSize(), c.prerollFrames(), c.targetReadyFrames(), c.maxReadyFrames(),
				c.minSpareDeviceBuffers(), c.maxCatchUpFrames(), c.adaptiveHeadroom(), c.maxHeadroomFrames(),
				c.scaleWithFrameRate(), c.lateStreakThreshold(), c.dropStreakThreshold(), c.lowLeadFrames(),
				c.headroomReleaseFrames(), CatchUpPace.IMMEDIATE);
	}

	@Override
	public String id() {
		return ID;
	}
}
