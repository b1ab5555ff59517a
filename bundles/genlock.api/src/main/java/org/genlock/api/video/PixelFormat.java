package org.genlock.api.video;

/**
 * Pixel memory layouts, as DeckLink names and lays them out.
 *
 * <p>Rows are stored top line first. {@link #rowBytes(int)} is the distance between the
 * starts of two consecutive rows, including any padding the layout requires.
 */
public enum PixelFormat {
	/**
	 * 8-bit B, G, R, A bytes per pixel (DeckLink {@code bmdFormat8BitBGRA}); 4 bytes per
	 * pixel. Alpha is premultiplied and is the key signal when keying is enabled. Read as a
	 * little-endian int a pixel is {@code 0xAARRGGBB}.
	 */
	BGRA8,
	/**
	 * 8-bit 4:2:2 Y'CbCr, bytes Cb Y0 Cr Y1 for each pair of pixels (DeckLink
	 * {@code bmdFormat8BitYUV}); 2 bytes per pixel. Widths are even in a {@link VideoFormat};
	 * an odd width passed to {@link #rowBytes(int)} is rounded up to whole pairs.
	 */
	UYVY8,
	/**
	 * 10-bit 4:2:2 Y'CbCr packed three components per 32-bit little-endian word, 6 pixels per
	 * 16 bytes (DeckLink {@code bmdFormat10BitYUV}). Rows are padded to a multiple of 128
	 * bytes (48 pixels), as DeckLink lays them out: 1920 pixels take 5120 bytes, 1280 take
	 * 3456.
	 */
	V210;

	/**
	 * Returns the bytes per row for a given width, including padding.
	 *
	 * <ul>
	 * <li>{@code BGRA8}: {@code 4 * width}</li>
	 * <li>{@code UYVY8}: {@code 4 * ceil(width / 2)} (2 bytes per pixel, whole pairs)</li>
	 * <li>{@code V210}: {@code 128 * ceil(width / 48)}</li>
	 * </ul>
	 *
	 * @param width the width in pixels, {@code >= 1}
	 * @return the row stride in bytes
	 * @throws IllegalArgumentException if {@code width < 1} or the result exceeds an int
	 */
	public int rowBytes(int width) {
		if (width < 1) {
			throw new IllegalArgumentException(name() + " width is " + width + " but must be >= 1");
		}
		long bytes = switch (this) {
			case BGRA8 -> 4L * width;
			case UYVY8 -> 4L * ((width + 1L) / 2);
			case V210 -> 128L * ((width + 47L) / 48);
		};
		if (bytes > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(name() + " width " + width + " needs " + bytes
					+ " bytes per row, more than " + Integer.MAX_VALUE);
		}
		return (int) bytes;
	}

	/**
	 * Returns the bytes of a whole frame: {@code rowBytes(width) * height}.
	 *
	 * @param width  the width in pixels, {@code >= 1}
	 * @param height the height in lines, {@code >= 1}
	 * @return the frame size in bytes
	 * @throws IllegalArgumentException if a dimension is below 1 or the frame would not fit
	 *                                  in one {@link java.nio.ByteBuffer} (int capacity)
	 */
	public int bytesPerFrame(int width, int height) {
		if (height < 1) {
			throw new IllegalArgumentException(name() + " height is " + height + " but must be >= 1");
		}
		long bytes = (long) rowBytes(width) * height;
		if (bytes > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(name() + " frame " + width + "x" + height + " needs "
					+ bytes + " bytes, more than " + Integer.MAX_VALUE);
		}
		return (int) bytes;
	}

	/**
	 * Returns whether the format carries an alpha (key) channel.
	 *
	 * @return {@code true} for {@link #BGRA8}
	 */
	public boolean hasAlpha() {
		return this == BGRA8;
	}
}
