package org.genlock.api.playout;

/**
 * What went to air for a display index, as recorded per frame in the frame log.
 */
public enum FrameOutcome {
	/** A freshly rendered frame for this index. */
	FRESH,
	/** A repeated frame (newest completed or last scheduled). */
	REPEAT,
	/** Black, opaque or key-safe. */
	BLACK,
	/** The slate. */
	SLATE,
	/** Nothing was scheduled for this index (skipped by catch-up or an underrun action). */
	SKIP
}
