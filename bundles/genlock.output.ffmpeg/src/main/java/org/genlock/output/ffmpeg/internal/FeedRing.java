package org.genlock.output.ffmpeg.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;

/**
 * The device mode's hand-off to the encoder: a ring of the output's own frame buffers, filled
 * by the pacing thread ({@link #offer}: a copy, or false when full, never a wait) and drained
 * by a writer thread into the {@link FfmpegSession}, which may block on ffmpeg. Each entry
 * holds the frame's pixels and its audio (the device's frame goes back to the channel at once).
 * Preallocated; nothing allocates per frame.
 */
final class FeedRing {

	private final Buffer[] ring;
	private final FfmpegSession session;
	private final Thread writer;
	private volatile long head;
	private volatile long tail;
	private volatile boolean running = true;

	FeedRing(VideoFormat format, int audioChannels, int depth, FfmpegSession session, String name) {
		this.ring = new Buffer[depth];
		for (int i = 0; i < depth; i++) {
			ring[i] = new Buffer(i, format, audioChannels);
		}
		this.session = session;
		this.writer = new Thread(this::drain, name);
		writer.setDaemon(true);
		writer.start();
	}

	/** Pacing thread: copies the frame in, or returns false when the encoder is behind. */
	boolean offer(FrameBuffer frame, long displayIndex) {
		long t = tail;
		if (t - head >= ring.length) {
			return false;
		}
		Buffer b = ring[(int) (t % ring.length)];
		int rows = b.format.height();
		int row = b.rowBytes;
		ByteBuffer src = frame.pixels();
		if (frame.rowBytes() == row) {
			b.pixels.put(0, src, 0, row * rows);
		} else {
			for (int y = 0; y < rows; y++) {
				b.pixels.put(y * row, src, y * frame.rowBytes(), row);
			}
		}
		b.audio.copy(frame.audio());
		b.displayIndex = displayIndex;
		tail = t + 1;
		LockSupport.unpark(writer);
		return true;
	}

	private void drain() {
		while (running) {
			long h = head;
			if (h == tail) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
				continue;
			}
			Buffer b = ring[(int) (h % ring.length)];
			session.frame(b, b.displayIndex);
			head = h + 1;
		}
		session.close();
	}

	/** Ends the writer, which closes the ffmpeg session (ffmpeg finishes the stream). */
	void close(long millis) {
		running = false;
		LockSupport.unpark(writer);
		try {
			writer.join(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Buffer implements FrameBuffer {
		final int slot;
		final VideoFormat format;
		final int rowBytes;
		final ByteBuffer pixels;
		final Audio audio;
		long displayIndex;

		Buffer(int slot, VideoFormat format, int audioChannels) {
			this.slot = slot;
			this.format = format;
			this.rowBytes = format.rowBytes();
			this.pixels = ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
			this.audio = new Audio(audioChannels, format.frameTime());
		}

		@Override
		public AudioBuffer audio() {
			return audio.channels == 0 ? AudioBuffer.NONE : audio;
		}

		@Override
		public int slot() {
			return slot;
		}

		@Override
		public long generation() {
			return displayIndex;
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

	/** A ring entry's copy of its frame's audio: one direct buffer for the longest frame, allocated once. */
	private static final class Audio implements AudioBuffer {
		final int channels;
		final ByteBuffer samples;
		int sampleCount;
		long firstSample;

		Audio(int channels, FrameTime time) {
			this.channels = channels;
			this.samples = ByteBuffer.allocateDirect(channels * time.maxAudioSamples(SAMPLE_RATE) * BYTES_PER_SAMPLE)
					.order(ByteOrder.LITTLE_ENDIAN);
		}

		/** The frame's samples, when it carries this entry's channels; none otherwise (the session writes silence). */
		void copy(AudioBuffer from) {
			if (channels == 0 || from.channels() != channels) {
				sampleCount = 0;
				return;
			}
			samples.put(0, from.samples(), 0, from.byteCount());
			sampleCount = from.sampleCount();
			firstSample = from.firstSample();
		}

		@Override
		public int channels() {
			return sampleCount == 0 ? 0 : channels;
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
}
