package org.genlock.policy.support;

/**
 * The default configurations of the policy bundles, as constants so the bundles' Metatype
 * annotations can use them and tests can compare the policies on the same input.
 */
public final class PolicyDefaults {

	private PolicyDefaults() {
	}

	/**
	 * Robust broadcast playout ({@code genlock.policy.standard}): 80 ms scheduled ahead at
	 * 50p, three frames rendered ahead with room for two more, adaptive headroom, gradual
	 * catch-up of at most two frames; a single late frame is tolerated, two in a row or any
	 * drop are acted on.
	 */
	public static final class Standard {
		/** Automatic pool: minimum (4 + 5 + 1 + 1 = 11) plus 2 = 13. */
		public static final int FRAME_POOL_SIZE = PolicyParameters.AUTO_POOL;
		/** 80 ms at 50p: above the jitter of a loaded host and a DeckLink's DMA. */
		public static final int PREROLL_FRAMES = 4;
		/** Three rendered ahead, one more than the API default: absorbs a slow frame or two. */
		public static final int TARGET_READY_FRAMES = 3;
		/** Room for adaptive headroom to add two frames. */
		public static final int MAX_READY_FRAMES = 5;
		/** One slot in reserve so an underrun fill never waits for a completion. */
		public static final int MIN_SPARE_DEVICE_BUFFERS = 1;
		/** A skip of more than 40 ms at once is a visible jump. */
		public static final int MAX_CATCH_UP_FRAMES = 2;
		/** Trade latency for resilience while late or dropped frames show it is needed. */
		public static final boolean ADAPTIVE_HEADROOM = true;
		/** Up to the ready capacity. */
		public static final int MAX_HEADROOM_FRAMES = 5;
		/** Depths are for 50 fps and scaled down for slower formats. */
		public static final boolean SCALE_WITH_FRAME_RATE = true;
		/** One late frame is a hiccup, two in a row a trend. */
		public static final int LATE_STREAK_THRESHOLD = 2;
		/** A dropped frame is already a visible defect: act at once. */
		public static final int DROP_STREAK_THRESHOLD = 1;
		/** One frame or less scheduled ahead: late frames are next. */
		public static final int LOW_LEAD_FRAMES = 1;
		/** Release a frame of headroom at most every 5 s at 50p. */
		public static final int HEADROOM_RELEASE_FRAMES = 250;

		private Standard() {
		}

		/**
		 * Returns the standard defaults.
		 *
		 * @return the parameters
		 */
		public static PolicyParameters parameters() {
			return new PolicyParameters(FRAME_POOL_SIZE, PREROLL_FRAMES, TARGET_READY_FRAMES, MAX_READY_FRAMES,
					MIN_SPARE_DEVICE_BUFFERS, MAX_CATCH_UP_FRAMES, ADAPTIVE_HEADROOM, MAX_HEADROOM_FRAMES,
					SCALE_WITH_FRAME_RATE, LATE_STREAK_THRESHOLD, DROP_STREAK_THRESHOLD, LOW_LEAD_FRAMES,
					HEADROOM_RELEASE_FRAMES, CatchUpPace.GRADUAL);
		}
	}

	/**
	 * Minimal latency ({@code genlock.policy.lowlatency}): 40 ms scheduled ahead at 50p, one
	 * frame rendered ahead, fixed headroom, and immediate catch-up on the first late or
	 * dropped frame.
	 */
	public static final class LowLatency {
		/** Automatic pool: minimum (2 + 2 + 1 + 1 = 6) plus 2 = 8. */
		public static final int FRAME_POOL_SIZE = PolicyParameters.AUTO_POOL;
		/** Two frames: one on air, one in hand. */
		public static final int PREROLL_FRAMES = 2;
		/** Render one frame ahead. */
		public static final int TARGET_READY_FRAMES = 1;
		/** And hold at most two. */
		public static final int MAX_READY_FRAMES = 2;
		/** One slot in reserve so an underrun fill never waits for a completion. */
		public static final int MIN_SPARE_DEVICE_BUFFERS = 1;
		/** One frame per decision, but decided on every late completion. */
		public static final int MAX_CATCH_UP_FRAMES = 1;
		/** Latency is fixed unless the operator opts in. */
		public static final boolean ADAPTIVE_HEADROOM = false;
		/** The ceiling if adaptive headroom is switched on. */
		public static final int MAX_HEADROOM_FRAMES = 2;
		/** Depths are for 50 fps and scaled down for slower formats (preroll stays 2). */
		public static final boolean SCALE_WITH_FRAME_RATE = true;
		/** Any late frame is acted on. */
		public static final int LATE_STREAK_THRESHOLD = 1;
		/** Any dropped frame is acted on. */
		public static final int DROP_STREAK_THRESHOLD = 1;
		/** Nothing scheduled ahead: late frames are next. */
		public static final int LOW_LEAD_FRAMES = 0;
		/** Release a frame of headroom at most every 5 s at 50p. */
		public static final int HEADROOM_RELEASE_FRAMES = 250;

		private LowLatency() {
		}

		/**
		 * Returns the low-latency defaults.
		 *
		 * @return the parameters
		 */
		public static PolicyParameters parameters() {
			return new PolicyParameters(FRAME_POOL_SIZE, PREROLL_FRAMES, TARGET_READY_FRAMES, MAX_READY_FRAMES,
					MIN_SPARE_DEVICE_BUFFERS, MAX_CATCH_UP_FRAMES, ADAPTIVE_HEADROOM, MAX_HEADROOM_FRAMES,
					SCALE_WITH_FRAME_RATE, LATE_STREAK_THRESHOLD, DROP_STREAK_THRESHOLD, LOW_LEAD_FRAMES,
					HEADROOM_RELEASE_FRAMES, CatchUpPace.IMMEDIATE);
		}
	}
}
