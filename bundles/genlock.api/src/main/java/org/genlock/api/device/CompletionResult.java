package org.genlock.api.device;

/**
 * How a scheduled frame ended, as the device reports it (DeckLink's
 * {@code BMDOutputFrameCompletionResult}).
 */
public enum CompletionResult {
	/** Displayed at its display index. */
	COMPLETED,
	/** Displayed, but later than its display index (it was scheduled too late). */
	DISPLAYED_LATE,
	/** Never displayed: its display time passed before the device could show it. */
	DROPPED,
	/** Never displayed: playback stopped or the session closed while it was scheduled. */
	FLUSHED;

	/**
	 * Returns whether the frame reached the output.
	 *
	 * @return {@code true} for {@link #COMPLETED} and {@link #DISPLAYED_LATE}
	 */
	public boolean aired() {
		return this == COMPLETED || this == DISPLAYED_LATE;
	}
}
