package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/** One buffer of a tap's ring: the tap's own copy of an aired frame, never a pool slot. */
final class TapFrame implements FrameBuffer {

	private final int slot;
	private final VideoFormat format;
	private final int rowBytes;
	private final ByteBuffer pixels;
	private final FrameAudio audio;
	private volatile long generation;
	long displayIndex;

	TapFrame(int slot, VideoFormat format, int rowBytes, int audioChannels) {
		this.slot = slot;
		this.format = format;
		this.rowBytes = rowBytes;
		this.pixels = ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
		this.audio = audioChannels > 0
				? new FrameAudio(audioChannels, format.frameTime().maxAudioSamples(AudioBuffer.SAMPLE_RATE))
				: null;
	}

	/** Copies an aired frame in (copy thread). Absolute bulk copy: neither buffer's position moves. */
	void copyFrom(FrameBuffer frame, long index) {
		pixels.put(0, frame.pixels(), 0, pixels.capacity());
		if (audio != null) {
			audio.copyFrom(frame.audio());
		}
		displayIndex = index;
		generation++;
	}

	boolean fits(FrameBuffer frame) {
		return frame.rowBytes() == rowBytes && frame.format().equals(format)
				&& frame.audio().channels() == audio().channels();
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

	@Override
	public AudioBuffer audio() {
		return audio != null ? audio : AudioBuffer.NONE;
	}
}
