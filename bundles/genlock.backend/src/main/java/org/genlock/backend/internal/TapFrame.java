package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/** One buffer of a tap's ring: the tap's own copy of an aired frame, never a pool slot. */
final class TapFrame implements FrameBuffer {

	private final int slot;
	private final VideoFormat format;
	private final int rowBytes;
	private final ByteBuffer pixels;
	private volatile long generation;
	long displayIndex;

	TapFrame(int slot, VideoFormat format, int rowBytes) {
		this.slot = slot;
		this.format = format;
		this.rowBytes = rowBytes;
		this.pixels = ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Copies an aired frame in (copy thread). Absolute bulk copy: neither buffer's position moves. */
	void copyFrom(FrameBuffer frame, long index) {
		pixels.put(0, frame.pixels(), 0, pixels.capacity());
		displayIndex = index;
		generation++;
	}

	boolean fits(FrameBuffer frame) {
		return frame.rowBytes() == rowBytes && frame.format().equals(format);
	}

	@Override
	public int slot() {
		return slot;
	}

	@Override
	public long generation() {
		return generation;
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
