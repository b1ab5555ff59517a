package org.genlock.api.device;

/**
 * How a device keys the channel's output (DeckLink's {@code IDeckLinkKeyer}): the fill is the
 * picture, the key its alpha channel.
 *
 * @since 1.2
 */
public enum KeyerMode {
	/** No keying: the picture goes out as it is. */
	OFF,
	/** The device keys the picture over its own input. */
	INTERNAL,
	/** The device outputs fill and key on two outputs for a downstream keyer. */
	EXTERNAL;

	/**
	 * Parses a configuration value, case-insensitively.
	 *
	 * @param text {@code off}, {@code internal} or {@code external}
	 * @return the mode
	 * @throws IllegalArgumentException naming the value and the allowed ones
	 */
	public static KeyerMode parse(String text) {
		String t = text == null ? "" : text.strip();
		for (KeyerMode m : values()) {
			if (m.name().equalsIgnoreCase(t)) {
				return m;
			}
		}
		throw new IllegalArgumentException("keyer \"" + text + "\" is not off, internal or external");
	}
}
