package org.genlock.device.decklink.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/** A pool slot for unit tests, over memory the session's allocator gave out. */
final class TestFrame implements FrameBuffer {

	private final int slot;
	private final VideoFormat format;
	private final ByteBuffer pixels;
	boolean neverScheduled;
	AudioBuffer audio = AudioBuffer.NONE;

	TestFrame(int slot, VideoFormat format, ByteBuffer pixels) {
		this.slot = slot;
		this.format = format;
		this.pixels = pixels;
		this.neverScheduled = slot == 3;
	}

	/** A picture that differs per index. */
	void fill(long index) {
		for (int i = 0; i < pixels.capacity(); i += 4) {
			pixels.putInt(i, (int) (index * 2654435761L + i));
		}
	}

	static String sha256(VideoFormat f, long index) throws Exception {
		byte[] b = new byte[f.frameBytes()];
		ByteBuffer bb = ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < b.length; i += 4) {
			bb.putInt(i, (int) (index * 2654435761L + i));
		}
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
	}

	@Override
	public int slot() {
		return slot;
	}

	@Override
	public long generation() {
		return 0;
	}

	@Override
	public VideoFormat format() {
		return format;
	}

	@Override
	public int rowBytes() {
		return format.rowBytes();
	}

	@Override
	public ByteBuffer pixels() {
		return pixels;
	}

	@Override
	public AudioBuffer audio() {
		return audio;
	}
}
