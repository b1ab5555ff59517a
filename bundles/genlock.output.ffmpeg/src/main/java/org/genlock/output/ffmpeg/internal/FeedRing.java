package org.genlock.output.ffmpeg.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * The device mode's hand-off to the encoder: a ring of the output's own frame buffers, filled
 * by the pacing thread ({@link #offer}: a copy, or false when full, never a wait) and drained
 * by a writer thread into the {@link FfmpegSession}, which may block on ffmpeg. Preallocated;
 * nothing allocates per frame.
 */
final class FeedRing {

	private final Buffer[] ring;
	private final FfmpegSession session;
	private final Thread writer;
	private volatile long head;
	private volatile long tail;
	private volatile boolean running = true;

	FeedRing(VideoFormat format, int depth, FfmpegSession session, String name) {
		this.ring = new Buffer[depth];
		for (int i = 0; i < depth; i++) {
			ring[i] = new Buffer(i, format);
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
		long displayIndex;

		Buffer(int slot, VideoFormat format) {
			this.slot = slot;
			this.format = format;
			this.rowBytes = format.rowBytes();
			this.pixels = ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
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
}
