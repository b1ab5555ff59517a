package org.genlock.api.playout;

/**
 * What goes to air for a display index when no fresh frame is ready. When the chosen
 * action is impossible (nothing to repeat, no slate) the backend falls back to
 * {@link #BLACK} and records what actually aired as a {@link FrameOutcome}.
 */
public enum UnderrunAction {
	/** Show again the newest frame the renderer completed (best visual continuity). */
	REPEAT_NEWEST,
	/** Show again the frame scheduled for the previous display index. */
	REPEAT_LAST_SCHEDULED,
	/** Show opaque black (alpha 1). */
	BLACK,
	/**
	 * Show transparent black (alpha 0), so with external keying the downstream program shows
	 * through instead of a stale or black key.
	 */
	KEY_SAFE_BLACK,
	/** Show the configured slate picture. */
	SLATE,
	/**
	 * Schedule nothing for this index; the device repeats what it shows. Use only where the
	 * device tolerates gaps.
	 */
	SKIP
}
