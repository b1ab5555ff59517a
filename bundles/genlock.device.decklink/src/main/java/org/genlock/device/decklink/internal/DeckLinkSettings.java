package org.genlock.device.decklink.internal;

import java.util.Map;

/**
 * The validated configuration of {@code genlock.device.decklink}. The keyer is a channel
 * setting ({@code keyer}, {@code keyer.level}), applied through the session.
 *
 * @param libraryPath       the driver library: a file name searched the usual way, or a path
 * @param maxBufferedFrames frames a session holds scheduled at once
 */
record DeckLinkSettings(String libraryPath, int maxBufferedFrames) {

	static final String PID = "genlock.device.decklink";
	static final String DEFAULT_LIBRARY = "libDeckLinkAPI.so";
	static final DeckLinkSettings DEFAULTS = new DeckLinkSettings(DEFAULT_LIBRARY, 16);

	/**
	 * Reads the raw properties; unknown keys are ignored (Configuration Admin adds its own).
	 *
	 * @throws IllegalArgumentException naming the key, the value and what is allowed
	 */
	static DeckLinkSettings parse(Map<String, ?> p) {
		Object lib = p.get("library.path");
		String path = lib == null ? DEFAULT_LIBRARY : lib.toString();
		if (path.isBlank()) {
			throw new IllegalArgumentException(PID + ": library.path is blank; expected a file name such as "
					+ DEFAULT_LIBRARY + " or an absolute path to it");
		}
		Object v = p.get("maxBufferedFrames");
		int buffered = 16;
		if (v != null) {
			try {
				buffered = v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().strip());
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(PID + ": maxBufferedFrames is \"" + v + "\"; expected an integer 2..256");
			}
			if (buffered < 2 || buffered > 256) {
				throw new IllegalArgumentException(PID + ": maxBufferedFrames is " + buffered + "; expected 2..256");
			}
		}
		return new DeckLinkSettings(path.strip(), buffered);
	}
}
