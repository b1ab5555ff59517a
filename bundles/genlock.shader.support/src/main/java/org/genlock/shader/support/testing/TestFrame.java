package org.genlock.shader.support.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * A {@link FrameBuffer} over a direct little-endian buffer, for unit tests.
 *
 * @param slot       the slot number
 * @param generation the lending generation
 * @param format     the frame's format
 * @param rowBytes   the row stride
 * @param pixels     the memory
 */
public record TestFrame(int slot, long generation, VideoFormat format, int rowBytes, ByteBuffer pixels)
		implements FrameBuffer {

	/**
	 * Allocates a zeroed (transparent black) frame with the format's natural stride.
	 *
	 * @param format the format
	 * @return the frame
	 */
	public static TestFrame of(VideoFormat format) {
		return withStride(format, format.rowBytes());
	}

	/**
	 * Allocates a zeroed frame with a wider stride, as device memory may have.
	 *
	 * @param format   the format
	 * @param rowBytes at least {@code format.rowBytes()}
	 * @return the frame
	 */
	public static TestFrame withStride(VideoFormat format, int rowBytes) {
		ByteBuffer b = ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
		return new TestFrame(0, 1, format, rowBytes, b);
	}

	/**
	 * Reads a BGRA8 pixel.
	 *
	 * @param x column
	 * @param y row, 0 at the top
	 * @return {@code 0xAARRGGBB}
	 */
	public int argb(int x, int y) {
		return pixels.getInt(y * rowBytes + 4 * x);
	}

	/**
	 * Fills the whole frame with one BGRA8 pixel value.
	 *
	 * @param argb {@code 0xAARRGGBB}
	 */
	public void fill(int argb) {
		for (int y = 0; y < format.height(); y++) {
			for (int x = 0; x < format.width(); x++) {
				pixels.putInt(y * rowBytes + 4 * x, argb);
			}
		}
	}

	/**
	 * Copies the pixel memory, for byte-wise comparison of two renders.
	 *
	 * @return the bytes
	 */
	public byte[] bytes() {
		byte[] out = new byte[pixels.capacity()];
		pixels.get(0, out);
		return out;
	}

	/**
	 * Formats a pixel for assertion messages.
	 *
	 * @param argb {@code 0xAARRGGBB}
	 * @return e.g. {@code "A=255 R=191 G=191 B=0"}
	 */
	public static String show(int argb) {
		return "A=" + (argb >>> 24) + " R=" + ((argb >>> 16) & 0xFF) + " G=" + ((argb >>> 8) & 0xFF) + " B="
				+ (argb & 0xFF);
	}
}
