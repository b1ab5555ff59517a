package org.genlock.underrun.slate.itest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * A template buffer as a backend lends it: direct, little-endian, with rows wider than the
 * picture (as device memory often is) and every byte preset to {@link #FILL}, so a test can
 * tell what a painter wrote and that it left the padding alone.
 */
final class TestFrame implements FrameBuffer {

	/** The byte every position holds before drawing. */
	static final byte FILL = 0x5A;
	/** Bytes past each row's pixels. */
	static final int PADDING = 64;

	private final VideoFormat format;
	private final int rowBytes;
	private final ByteBuffer pixels;

	TestFrame(VideoFormat format) {
		this.format = format;
		this.rowBytes = format.rowBytes() + PADDING;
		this.pixels = ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < pixels.capacity(); i++) {
			pixels.put(i, FILL);
		}
	}

	/** Returns the BGRA8 pixel at {@code (x, y)} as {@code 0xAARRGGBB}. */
	int pixel(int x, int y) {
		return pixels.getInt(y * rowBytes + 4 * x);
	}

	/** Returns whether every padding byte still holds {@link #FILL}. */
	boolean paddingUntouched() {
		for (int y = 0; y < format.height(); y++) {
			for (int i = format.rowBytes(); i < rowBytes; i++) {
				if (pixels.get(y * rowBytes + i) != FILL) {
					return false;
				}
			}
		}
		return true;
	}

	/** Returns whether every byte still holds {@link #FILL}. */
	boolean untouched() {
		for (int i = 0; i < pixels.capacity(); i++) {
			if (pixels.get(i) != FILL) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int slot() {
		return 0;
	}

	@Override
	public long generation() {
		return 1;
	}

	@Override
	public VideoFormat format() {
		return format;
	}

	@Override
	public int rowBytes() {
		return rowBytes;
	}

	@Override
	public ByteBuffer pixels() {
		return pixels;
	}
}
