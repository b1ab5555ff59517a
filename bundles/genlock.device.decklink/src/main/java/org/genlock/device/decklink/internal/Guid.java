package org.genlock.device.decklink.internal;

/**
 * A COM interface id as the DeckLink SDK passes it on Linux: a 16-byte struct by value, which
 * the x86-64 System V ABI passes in two integer registers. {@code lo} and {@code hi} are the
 * struct's bytes 0-7 and 8-15 read little-endian, so a call passes them as two {@code long}s.
 *
 * @param lo bytes 0-7
 * @param hi bytes 8-15
 */
record Guid(long lo, long hi) {

	/**
	 * Parses the registry form, e.g. {@code C418FBDD-0587-48ED-8FE5-640F0A14AF91}; the SDK's
	 * byte arrays list these hex digits in the same order.
	 */
	static Guid parse(String text) {
		String hex = text.replace("-", "");
		if (hex.length() != 32) {
			throw new IllegalArgumentException("interface id " + text + " does not have 32 hex digits");
		}
		byte[] b = new byte[16];
		for (int i = 0; i < 16; i++) {
			b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		return new Guid(littleEndian(b, 0), littleEndian(b, 8));
	}

	private static long littleEndian(byte[] b, int at) {
		long v = 0;
		for (int i = 7; i >= 0; i--) {
			v = (v << 8) | (b[at + i] & 0xFF);
		}
		return v;
	}

	boolean is(long otherLo, long otherHi) {
		return lo == otherLo && hi == otherHi;
	}
}
