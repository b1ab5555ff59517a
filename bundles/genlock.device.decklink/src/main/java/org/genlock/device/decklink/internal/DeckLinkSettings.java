package org.genlock.device.decklink.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The validated configuration of {@code genlock.device.decklink}.
 *
 * @param libraryPath       the driver library: a file name searched the usual way, or a path
 * @param keyer             {@code off}, {@code internal} or {@code external}
 * @param keyerLevel        0-255, the key's opacity
 * @param maxBufferedFrames frames a session holds scheduled at once
 */
record DeckLinkSettings(String libraryPath, String keyer, int keyerLevel, int maxBufferedFrames) {

	static final String PID = "genlock.device.decklink";
	static final String DEFAULT_LIBRARY = "libDeckLinkAPI.so";
	static final DeckLinkSettings DEFAULTS = new DeckLinkSettings(DEFAULT_LIBRARY, "off", 255, 16);

	/**
	 * Reads the raw properties; unknown keys are ignored (Configuration Admin adds its own).
	 *
	 * @throws IllegalArgumentException naming the key, the value and what is allowed
	 */
	static DeckLinkSettings parse(Map<String, ?> p) {
		String lib = text(p, "library.path", DEFAULT_LIBRARY);
		if (lib.isBlank()) {
			throw new IllegalArgumentException(PID + ": library.path is blank; expected a file name such as "
					+ DEFAULT_LIBRARY + " or an absolute path to it");
		}
		String keyer = text(p, "keyer", "off").strip().toLowerCase(Locale.ROOT);
		if (!keyer.equals("off") && !keyer.equals("internal") && !keyer.equals("external")) {
			throw new IllegalArgumentException(PID + ": keyer is \"" + keyer + "\"; expected off, internal or external");
		}
		int level = integer(p, "keyer.level", 255, 0, 255);
		int buffered = integer(p, "maxBufferedFrames", 16, 2, 256);
		return new DeckLinkSettings(lib.strip(), keyer, level, buffered);
	}

	boolean keying() {
		return !keyer.equals("off");
	}

	String keyerText() {
		return keying() ? keyer + " level " + keyerLevel : "off";
	}

	private static String text(Map<String, ?> p, String key, String fallback) {
		Object v = p.get(key);
		return v == null ? fallback : v.toString();
	}

	private static int integer(Map<String, ?> p, String key, int fallback, int min, int max) {
		Object v = p.get(key);
		if (v == null) {
			return fallback;
		}
		int i;
		try {
			i = v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().strip());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(PID + ": " + key + " is \"" + v + "\"; expected an integer " + min + ".." + max);
		}
		if (i < min || i > max) {
			throw new IllegalArgumentException(PID + ": " + key + " is " + i + "; expected " + min + ".." + max);
		}
		return i;
	}
}
