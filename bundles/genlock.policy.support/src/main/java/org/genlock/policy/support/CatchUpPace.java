package org.genlock.policy.support;

/**
 * How much of the measured lag one recovery decision skips. Either way the decision always
 * skips at least what it takes to get the schedule back in front of the device clock, and
 * never more than {@link org.genlock.api.playout.PlayoutSettings#maxCatchUpFrames()}.
 */
public enum CatchUpPace {
	/**
	 * Half the lag (rounded up) per decision: the skips are spread over successive
	 * completions, each re-measured, so a renderer that is already recovering is not
	 * overtaken by a burst of skips. Favours visual continuity.
	 */
	GRADUAL,
	/** The whole lag at once: the shortest time with a short lead. Favours latency. */
	IMMEDIATE;

	/**
	 * Returns the frames to skip for a measured need.
	 *
	 * @param needed  frames that would restore the lead, {@code >= 0}
	 * @param overdue frames that must be skipped to stop airing late, {@code <= needed}
	 * @return the frames to skip at this pace
	 */
	int frames(int needed, int overdue) {
		return this == IMMEDIATE ? needed : Math.max(overdue, (needed + 1) / 2);
	}
}
