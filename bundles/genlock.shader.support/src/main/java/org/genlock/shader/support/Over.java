package org.genlock.shader.support;

import java.nio.ByteBuffer;

/**
 * Premultiplied "over" compositing of 8-bit BGRA pixels, as CPU kernels must write them:
 * {@code dst = src * opacity + dst * (1 - src.alpha * opacity)}.
 *
 * <p>Pixels are handled as {@code 0xAARRGGBB} ints, which is how a little-endian frame
 * buffer reads and writes BGRA8 with {@link ByteBuffer#getInt(int)}. Every product is
 * rounded to nearest ({@code round(a * b / 255)}), so a fully opaque source at opacity 1
 * replaces the destination exactly and a transparent one leaves it unchanged. Static,
 * allocation-free and safe to call from any number of threads.
 */
public final class Over {

	/** Opacity 1 as returned by {@link #opacity8(float)}. */
	public static final int OPAQUE = 255;

	private Over() {}

	/**
	 * Converts a layer opacity to the 8-bit factor the other methods take.
	 *
	 * @param opacity 0..1
	 * @return {@code round(opacity * 255)}, clamped to 0..255
	 */
	public static int opacity8(float opacity) {
		int o = Math.round(opacity * 255f);
		return o < 0 ? 0 : Math.min(o, 255);
	}

	/**
	 * Returns {@code round(a * b / 255)} for {@code a, b} in 0..255, exactly, without division.
	 *
	 * @param a 0..255
	 * @param b 0..255
	 * @return the rounded product
	 */
	public static int mul255(int a, int b) {
		int t = a * b + 128;
		return (t + (t >> 8)) >> 8;
	}

	/**
	 * Scales every channel of a premultiplied pixel by an 8-bit factor, each rounded to
	 * nearest.
	 *
	 * @param argb    a premultiplied {@code 0xAARRGGBB} pixel
	 * @param factor8 0..255
	 * @return the scaled pixel, still premultiplied
	 */
	public static int scale(int argb, int factor8) {
		if (factor8 == OPAQUE) {
			return argb;
		}
		return mulLanes(argb >>> 8, factor8) << 8 | mulLanes(argb, factor8);
	}

	/**
	 * {@link #mul255} on the two bytes at bits 0-7 and 16-23 at once: each lane's product
	 * stays below 2^16, so the lanes never carry into each other.
	 */
	private static int mulLanes(int twoLanes, int factor8) {
		int t = (twoLanes & 0x00FF00FF) * factor8 + 0x00800080;
		return ((t + ((t >>> 8) & 0x00FF00FF)) >>> 8) & 0x00FF00FF;
	}

	/**
	 * Composites a premultiplied source over a destination: {@code src + dst * (1 - src.a)},
	 * each channel rounded to nearest.
	 *
	 * <p>The source must be premultiplied (no colour above alpha), as every kernel output
	 * and every {@code COLOR} parameter is; then no channel can exceed 255.
	 *
	 * @param src premultiplied {@code 0xAARRGGBB}
	 * @param dst premultiplied {@code 0xAARRGGBB}
	 * @return the composite
	 */
	public static int over(int src, int dst) {
		int keep = 255 - (src >>> 24);
		if (keep == 0) {
			return src;
		}
		return src + (mulLanes(dst >>> 8, keep) << 8 | mulLanes(dst, keep));
	}

	/**
	 * Composites one source pixel, scaled by the layer opacity, over the pixel at a byte
	 * offset of a BGRA8 frame; writes directly when the result is the source itself.
	 *
	 * @param pixels   the frame memory (absolute access only)
	 * @param offset   byte offset of the pixel
	 * @param src      premultiplied {@code 0xAARRGGBB}
	 * @param opacity8 the layer opacity from {@link #opacity8(float)}
	 */
	public static void put(ByteBuffer pixels, int offset, int src, int opacity8) {
		if (opacity8 == OPAQUE && (src >>> 24) == 0xFF) {
			pixels.putInt(offset, src);
		} else if (src != 0 && opacity8 != 0) {
			pixels.putInt(offset, over(scale(src, opacity8), pixels.getInt(offset)));
		}
	}

	/**
	 * Composites one colour over a run of pixels {@code [x0, x1)} of one row.
	 *
	 * @param pixels    the frame memory (absolute access only)
	 * @param rowOffset byte offset of the row's first pixel
	 * @param x0        first pixel, inclusive
	 * @param x1        last pixel, exclusive
	 * @param src       premultiplied {@code 0xAARRGGBB}
	 * @param opacity8  the layer opacity from {@link #opacity8(float)}
	 */
	public static void fill(ByteBuffer pixels, int rowOffset, int x0, int x1, int src, int opacity8) {
		int scaled = scale(src, opacity8);
		int o = rowOffset + 4 * x0;
		int end = rowOffset + 4 * x1;
		// two pixels per long: the lanes of both are independent, so the result is the same
		long pair = (scaled & 0xFFFFFFFFL) | (long) scaled << 32;
		if ((scaled >>> 24) == 0xFF) {
			for (; o + 8 <= end; o += 8) {
				pixels.putLong(o, pair);
			}
			if (o < end) {
				pixels.putInt(o, scaled);
			}
		} else if (scaled != 0) {
			int keep = 255 - (scaled >>> 24);
			for (; o + 8 <= end; o += 8) {
				long dst = pixels.getLong(o);
				pixels.putLong(o, pair + (mulLanes(dst >>> 8, keep) << 8 | mulLanes(dst, keep)));
			}
			if (o < end) {
				pixels.putInt(o, over(scaled, pixels.getInt(o)));
			}
		}
	}

	/** {@link #mulLanes(int, int)} on the four bytes at bits 0-7, 16-23, 32-39 and 48-55. */
	private static long mulLanes(long fourLanes, int factor8) {
		long t = (fourLanes & 0x00FF00FF00FF00FFL) * factor8 + 0x0080008000800080L;
		return ((t + ((t >>> 8) & 0x00FF00FF00FF00FFL)) >>> 8) & 0x00FF00FF00FF00FFL;
	}
}
