package org.genlock.api.backend;

/**
 * Cumulative counters of what a channel's engine absorbed without it reaching the output as
 * planned, since the channel was created. Beside {@link FrameCounters} (what aired), these
 * say why: they are the first place to look when fresh frames are missing. Immutable
 * snapshot; read one by one without stopping playout.
 *
 * @param renderFailures    render requests the renderer reported failed
 * @param staleRenders      render reports ignored: for a target reclaimed, reused or never
 *                          lent, or from a retired render session
 * @param lateRenders       frames rendered after their display index had been scheduled
 *                          (they cannot air and go back to the pool)
 * @param abandonedRenders  renders given up because they ran past the render budget; their
 *                          target stays withdrawn until the renderer reports it
 * @param refusedSchedules  frames the device refused in {@code schedule}
 * @param starvedFills      underrun fills that found no free pool slot (the index was skipped)
 * @param readyDrops        ready frames dropped by the ready queue (overflow, capacity
 *                          shrink, or their display index had passed)
 * @param refusedCompletions device completions refused because the completion ring was full
 * @param staleCompletions  completions for frames the pool did not consider scheduled
 * @param pluginErrors      policy or strategy calls that threw (the built-in rule or black
 *                          was used)
 * @param rendererFallbacks times the on-air renderer was replaced automatically because it
 *                          stopped delivering
 */
public record EngineCounters(long renderFailures, long staleRenders, long lateRenders, long abandonedRenders,
		long refusedSchedules, long starvedFills, long readyDrops, long refusedCompletions, long staleCompletions,
		long pluginErrors, long rendererFallbacks) {

	/** All zero. */
	public static final EngineCounters ZERO = new EngineCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	/**
	 * Validates that no counter is negative.
	 *
	 * @param renderFailures render requests the renderer reported failed
	 * @param staleRenders render reports ignored as stale
	 * @param lateRenders frames rendered after their display index had been scheduled
	 * @param abandonedRenders renders given up past the render budget
	 * @param refusedSchedules frames the device refused
	 * @param starvedFills underrun fills that found no free slot
	 * @param readyDrops ready frames dropped by the ready queue
	 * @param refusedCompletions completions refused by a full completion ring
	 * @param staleCompletions completions for frames not considered scheduled
	 * @param pluginErrors policy or strategy calls that threw
	 * @param rendererFallbacks automatic replacements of the on-air renderer
	 * @throws IllegalArgumentException naming the negative counter
	 */
	public EngineCounters {
		long[] values = { renderFailures, staleRenders, lateRenders, abandonedRenders, refusedSchedules,
				starvedFills, readyDrops, refusedCompletions, staleCompletions, pluginErrors, rendererFallbacks };
		String[] names = { "renderFailures", "staleRenders", "lateRenders", "abandonedRenders", "refusedSchedules",
				"starvedFills", "readyDrops", "refusedCompletions", "staleCompletions", "pluginErrors",
				"rendererFallbacks" };
		for (int i = 0; i < values.length; i++) {
			if (values[i] < 0) {
				throw new IllegalArgumentException(
						"EngineCounters." + names[i] + " is " + values[i] + " but must be >= 0");
			}
		}
	}
}
