package org.genlock.api.video;

/**
 * How the lines of a frame are scanned.
 */
public enum ScanMode {
	/** Every line of the frame belongs to the same instant. */
	PROGRESSIVE,
	/**
	 * Two fields per frame; the field with the upper (first, even-numbered from 0) line is
	 * displayed first. Usual for HD interlaced (1080i) and 625-line SD.
	 */
	INTERLACED_UPPER_FIRST,
	/**
	 * Two fields per frame; the field with the lower line is displayed first. Usual for
	 * 525-line SD (NTSC, 486 lines).
	 */
	INTERLACED_LOWER_FIRST;

	/**
	 * Returns whether the frame consists of two fields.
	 *
	 * @return {@code true} for the interlaced modes
	 */
	public boolean isInterlaced() {
		return this != PROGRESSIVE;
	}
}
