package org.genlock.device.decklink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.video.FrameTime;

/**
 * A pool slot's audio for unit tests: a ramp that differs per absolute sample and channel, in
 * a direct buffer sized like the backend's (16 channels of the rate's longest frame).
 */
final class TestAudio implements AudioBuffer {

	private final int channels;
	private final FrameTime time;
	private final ByteBuffer samples;
	private int sampleCount;
	private long firstSample;

	TestAudio(int channels, FrameTime time) {
		this.channels = channels;
		this.time = time;
		this.samples = ByteBuffer.allocateDirect(16 * time.maxAudioSamples(SAMPLE_RATE) * BYTES_PER_SAMPLE)
				.order(ByteOrder.LITTLE_ENDIAN);
	}

	/** 24 significant bits, low byte zero, unique per (sample mod 2^19, channel). */
	static int ramp(long sample, int channel) {
		return (int) ((((sample & 0x7FFFF) << 4) | channel) << 8);
	}

	/** Fills the audio of display index {@code index}. */
	TestAudio fill(long index) {
		sampleCount = time.audioSamples(index, SAMPLE_RATE);
		firstSample = time.audioSampleOffset(index, SAMPLE_RATE);
		for (int s = 0; s < sampleCount; s++) {
			for (int c = 0; c < channels; c++) {
				samples.putInt((s * channels + c) * BYTES_PER_SAMPLE, ramp(firstSample + s, c));
			}
		}
		return this;
	}

	/** SHA-256 of what the card must receive: the ramp in {@code layout} channels, those past {@code carried} zero. */
	static String sha256(long first, int count, int carried, int layout) throws Exception {
		ByteBuffer b = ByteBuffer.allocate(count * layout * BYTES_PER_SAMPLE).order(ByteOrder.LITTLE_ENDIAN);
		for (int s = 0; s < count; s++) {
			for (int c = 0; c < carried; c++) {
				b.putInt((s * layout + c) * BYTES_PER_SAMPLE, ramp(first + s, c));
			}
		}
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
	}

	@Override
	public int channels() {
		return channels;
	}

	@Override
	public int sampleCount() {
		return sampleCount;
	}

	@Override
	public long firstSample() {
		return firstSample;
	}

	@Override
	public ByteBuffer samples() {
		return samples;
	}
}
