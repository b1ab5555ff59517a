package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.AudioBuffer;

/**
 * The audio half of a pool slot or a tap frame: one direct buffer sized once for the most
 * samples a frame of the run's rate carries, and the sample count and first sample of the
 * frame it holds now. Written by whoever holds the slot (the completion worker, or the tap
 * copy thread for a tap's copy) and read by the device or tap it is lent to; the lending
 * hand-over publishes the fields, as for the pixels.
 */
final class FrameAudio implements AudioBuffer {

	private final int channels;
	private final ByteBuffer samples;
	private int sampleCount;
	private long firstSample;

	/**
	 * @param channels   audio channels, 1..16
	 * @param maxSamples the most samples per channel any frame carries
	 */
	FrameAudio(int channels, int maxSamples) {
		this.channels = channels;
		this.samples = ByteBuffer.allocateDirect(channels * maxSamples * BYTES_PER_SAMPLE).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Sets which samples the buffer holds; the caller writes them. */
	void frame(long first, int count) {
		if ((long) count * channels * BYTES_PER_SAMPLE > samples.capacity()) {
			throw new IllegalArgumentException(count + " samples of " + channels + " channels do not fit "
					+ samples.capacity() + " bytes");
		}
		firstSample = first;
		sampleCount = count;
	}

	/** Copies another frame's audio in (absolute bulk copy; neither position moves). */
	void copyFrom(AudioBuffer other) {
		int bytes = Math.min(other.byteCount(), samples.capacity());
		if (other.channels() != channels) {
			sampleCount = 0;
			return;
		}
		samples.put(0, other.samples(), 0, bytes);
		firstSample = other.firstSample();
		sampleCount = bytes / (channels * BYTES_PER_SAMPLE);
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

	@Override
	public String toString() {
		return channels + " channels, " + sampleCount + " samples from " + firstSample;
	}
}
