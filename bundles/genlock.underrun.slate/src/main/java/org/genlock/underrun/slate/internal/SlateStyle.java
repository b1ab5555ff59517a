package org.genlock.underrun.slate.internal;

import org.genlock.support.ConfigCheck;

/**
 * What the slate shows: its text and colours, validated. Immutable, swapped whole.
 *
 * @param title      the large line, not blank
 * @param message    the smaller line below it, may be empty
 * @param background the frame colour, {@code 0xRRGGBB}
 * @param box        the colour of the centred box, {@code 0xRRGGBB}
 * @param text       the colour of the text and the box outline, {@code 0xRRGGBB}
 */
record SlateStyle(String title, String message, int background, int box, int text) {

	static final String DEFAULT_TITLE = "GENLOCK";
	static final String DEFAULT_MESSAGE = "Programme will resume shortly";
	static final String DEFAULT_BACKGROUND = "#101820";
	static final String DEFAULT_BOX = "#26354a";
	static final String DEFAULT_TEXT = "#ffffff";
	/** Longest title: longer would not fit a readable size on a 720-pixel-wide frame. */
	static final int MAX_TITLE_LENGTH = 80;
	/** Longest message. */
	static final int MAX_MESSAGE_LENGTH = 200;

	static final SlateStyle DEFAULTS = new SlateStyle(DEFAULT_TITLE, DEFAULT_MESSAGE, rgb(DEFAULT_BACKGROUND),
			rgb(DEFAULT_BOX), rgb(DEFAULT_TEXT));

	/**
	 * Validates every value.
	 *
	 * @param check      the checker naming the PID
	 * @param title      the title
	 * @param message    the message
	 * @param background the background colour as {@code #RRGGBB}
	 * @param box        the box colour as {@code #RRGGBB}
	 * @param text       the text colour as {@code #RRGGBB}
	 * @return the style
	 * @throws org.genlock.support.ConfigRejected naming the PID and the first bad key
	 */
	static SlateStyle of(ConfigCheck check, String title, String message, String background, String box,
			String text) {
		String t = check.notBlank("title", title);
		if (t.length() > MAX_TITLE_LENGTH) {
			throw check.reject("title", title, "at most " + MAX_TITLE_LENGTH + " characters");
		}
		String m = message == null ? "" : message.strip();
		if (m.length() > MAX_MESSAGE_LENGTH) {
			throw check.reject("message", message, "at most " + MAX_MESSAGE_LENGTH + " characters");
		}
		return new SlateStyle(t, m, check.parse("backgroundColor", background, SlateStyle::rgb),
				check.parse("boxColor", box, SlateStyle::rgb), check.parse("textColor", text, SlateStyle::rgb));
	}

	/**
	 * Parses {@code #RRGGBB}.
	 *
	 * @param hex the colour
	 * @return {@code 0xRRGGBB}
	 * @throws IllegalArgumentException saying what is allowed
	 */
	static int rgb(String hex) {
		String s = hex == null ? "" : hex.strip();
		if (s.length() != 7 || s.charAt(0) != '#') {
			throw new IllegalArgumentException("allowed: a colour as #RRGGBB, e.g. #101820");
		}
		int value = 0;
		for (int i = 1; i < 7; i++) {
			int digit = Character.digit(s.charAt(i), 16);
			if (digit < 0) {
				throw new IllegalArgumentException("allowed: a colour as #RRGGBB with hex digits 0-9 a-f, e.g. #101820");
			}
			value = value << 4 | digit;
		}
		return value;
	}
}
