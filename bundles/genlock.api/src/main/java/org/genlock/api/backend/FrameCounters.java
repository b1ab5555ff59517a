package org.genlock.api.backend;

/**
 * Cumulative per-frame counters of a channel since it was created. Immutable snapshot; the
 * counters are read one by one without stopping playout, so two of them may differ by the
 * frame in progress.
 *
 * @param framesAired frames that reached the output (fresh, repeated, black or slate)
 * @param fresh       freshly rendered frames aired
 * @param repeated    repeated frames aired
 * @param black       black fills aired (opaque or key-safe)
 * @param slate       slate fills aired
 * @param skipped     display indices for which nothing was scheduled
 * @param late        completions reported {@code DISPLAYED_LATE}
 * @param dropped     completions reported {@code DROPPED}
 * @param flushed     completions reported {@code FLUSHED}
 * @param underruns   display indices with no fresh frame ready
 */
public record FrameCounters(long framesAired, long fresh, long repeated, long black, long slate, long skipped,
		long late, long dropped, long flushed, long underruns) {

	/** All zero. */
	public static final FrameCounters ZERO = new FrameCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	/**
	 * Validates that no counter is negative.
	 *
	 * @param framesAired frames that reached the output (fresh, repeated, black or slate)
	 * @param fresh freshly rendered frames aired
	 * @param repeated repeated frames aired
	 * @param black black fills aired (opaque or key-safe)
	 * @param slate slate fills aired
	 * @param skipped display indices for which nothing was scheduled
	 * @param late completions reported {@code DISPLAYED_LATE}
	 * @param dropped completions reported {@code DROPPED}
	 * @param flushed completions reported {@code FLUSHED}
	 * @param underruns display indices with no fresh frame ready
	 * @throws IllegalArgumentException naming the negative counter
	 */
	public FrameCounters {
		long[] values = { framesAired, fresh, repeated, black, slate, skipped, late, dropped, flushed, underruns };
		String[] names = { "framesAired", "fresh", "repeated", "black", "slate", "skipped", "late", "dropped",
				"flushed", "underruns" };
		for (int i = 0; i < values.length; i++) {
			if (values[i] < 0) {
				throw new IllegalArgumentException("FrameCounters." + names[i] + " is " + values[i] + " but must be >= 0");
			}
		}
	}
}
