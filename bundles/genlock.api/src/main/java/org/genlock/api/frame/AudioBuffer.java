package org.genlock.api.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The audio that travels with one frame: 48 kHz PCM, interleaved, little-endian signed 32-bit
 * integers carrying 24 significant bits (0 dBFS is ±2<sup>31</sup>, the low byte is zero).
 *
 * <p>Why 32-bit integer and not float: it is what SDI embeds (24 bits, SMPTE 299) and what a
 * DeckLink card takes as it is ({@code bmdAudioSampleType32bitInteger}; it takes no float),
 * ffmpeg reads it as {@code s32le} without conversion, and integer samples hash bit-exactly
 * across machines, which the hash logs and tests rely on.
 *
 * <p>A frame at display index {@code i} carries exactly
 * {@link org.genlock.api.video.FrameTime#audioSamples(long, int) audioSamples(i, 48000)}
 * samples per channel, starting at absolute sample
 * {@link org.genlock.api.video.FrameTime#audioSampleOffset(long, int) audioSampleOffset(i,
 * 48000)} ({@link #firstSample()}): audio is tied to the display index, so it neither drifts
 * nor slips against the picture. A frame that is not fresh (repeat, black, slate) carries
 * silence, faded at the boundaries.
 *
 * <p>Implemented by the backend's frame pool ({@code @ProviderType}). The buffer is part of
 * its {@link FrameBuffer}'s slot, allocated once with it, and lent with it under the same
 * rules and the same {@link FrameBuffer#generation() generation}: a device reads it between
 * {@code schedule} and the completion callback, a tap gets a copy. The accessors never
 * allocate and never block.
 *
 * @since 1.1
 */
@ProviderType
public interface AudioBuffer {

	/** No audio: 0 channels, 0 samples; what {@link FrameBuffer#audio()} returns by default. */
	AudioBuffer NONE = new AudioBuffer() {

		private final ByteBuffer empty = ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);

		@Override
		public int channels() {
			return 0;
		}

		@Override
		public int sampleCount() {
			return 0;
		}

		@Override
		public long firstSample() {
			return 0;
		}

		@Override
		public ByteBuffer samples() {
			return empty;
		}

		@Override
		public String toString() {
			return "AudioBuffer.NONE";
		}
	};

	/** Sample rate of every channel's audio: 48 kHz. */
	int SAMPLE_RATE = 48_000;

	/** Bytes per sample of one audio channel: 4 (int32 carrying 24 bits). */
	int BYTES_PER_SAMPLE = 4;

	/**
	 * Returns the number of audio channels, interleaved: the channel's {@code audio.channels}
	 * (2 to 16), or 0 when the channel carries no audio.
	 *
	 * @return the channel count
	 */
	int channels();

	/**
	 * Returns the samples per channel in this frame (e.g. 960 at 50p; 1601 or 1602 at 29.97).
	 *
	 * @return the sample count
	 */
	int sampleCount();

	/**
	 * Returns the absolute sample number (at 48 kHz since display index 0) of this frame's
	 * first sample, for continuity and lip-sync checks and for a device's stream time.
	 *
	 * @return the first sample's number
	 */
	long firstSample();

	/**
	 * Returns the samples: a direct, {@link ByteOrder#LITTLE_ENDIAN} buffer, interleaved by
	 * channel, {@code sampleCount() * channels() * 4} bytes from index 0 (its capacity may be
	 * larger). The same object each time: use absolute {@code get}/{@code put} only and never
	 * change its position, limit or byte order; don't keep it beyond the lending window.
	 *
	 * @return the sample memory; never {@code null}
	 */
	ByteBuffer samples();

	/**
	 * Returns the number of bytes the samples occupy: {@code sampleCount() * channels() * 4}.
	 *
	 * @return the byte count
	 */
	default int byteCount() {
		return sampleCount() * channels() * BYTES_PER_SAMPLE;
	}
}
