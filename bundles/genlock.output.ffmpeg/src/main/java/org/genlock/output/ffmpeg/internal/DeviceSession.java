package org.genlock.output.ffmpeg.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.frame.FrameAllocator;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;

/**
 * The FFmpeg output as a channel's device: scheduled playback paced by the monotonic clock
 * like the clock device. At the end of each frame's slot the pacing thread
 * ({@code genlock-ffmpeg-<id>-pacing}) copies the frame into the encoder's {@link FeedRing}
 * and reports it {@code COMPLETED}, or reports it {@code DROPPED} when the encoder is behind
 * (the ring is full): the channel's clock never waits for ffmpeg. Schedule, buffered count
 * and display index never block or allocate.
 */
class DeviceSession implements OutputSession {

	static final int CAPACITY = 16;

	private final VideoFormat format;
	private final FrameTime time;
	private final FeedRing feed;
	private final int audioChannels;
	private final FrameBuffer[] frames = new FrameBuffer[CAPACITY];
	private final long[] indices = new long[CAPACITY];
	private final Object callbacks = new Object();
	private final Thread pacing;
	private final FrameAllocator allocator;
	private volatile OutputListener listener;
	private volatile long head;
	private volatile long tail;
	private volatile long lastScheduled = -1;
	private volatile boolean playing;
	private volatile boolean stopRequested;
	private volatile boolean closed;
	private volatile long startNanos;
	private volatile long firstIndex;
	volatile long dropped;

	/**
	 * @param audioChannels the audio channels the session puts out (copied with each frame into
	 *                      the encoder's ring), 0 for none
	 */
	DeviceSession(String id, VideoFormat format, int audioChannels, OutputListener listener, FfmpegSession encoder) {
		this.format = format;
		this.time = format.frameTime();
		this.listener = listener;
		this.audioChannels = audioChannels;
		this.feed = new FeedRing(format, audioChannels, 4, encoder, "genlock-ffmpeg-" + id + "-writer");
		this.allocator = new FrameAllocator() {
			@Override
			public ByteBuffer allocate(VideoFormat f, int rowBytes) {
				if (!format.equals(f) || rowBytes < f.rowBytes()) {
					throw new IllegalArgumentException("the session outputs " + format.name() + " (rows of at least "
							+ format.rowBytes() + " bytes); asked for " + f.name() + " with rows of " + rowBytes);
				}
				return ByteBuffer.allocateDirect(rowBytes * f.height()).order(ByteOrder.LITTLE_ENDIAN);
			}

			@Override
			public void release(ByteBuffer buffer) {
				// freed by the garbage collector
			}
		};
		this.pacing = new Thread(this::pace, "genlock-ffmpeg-" + id + "-pacing");
		pacing.setDaemon(true);
		pacing.start();
	}

	@Override
	public VideoFormat format() {
		return format;
	}

	@Override
	public FrameAllocator allocator() {
		return allocator;
	}

	@Override
	public boolean schedule(FrameBuffer frame, long displayIndex) {
		long t = tail;
		if (closed || stopRequested || t - head >= CAPACITY || displayIndex <= lastScheduled) {
			return false;
		}
		int at = (int) (t % CAPACITY);
		frames[at] = frame;
		indices[at] = displayIndex;
		lastScheduled = displayIndex;
		tail = t + 1;
		LockSupport.unpark(pacing);
		return true;
	}

	@Override
	public void startScheduledPlayback(long firstDisplayIndex) throws DeviceException {
		if (playing) {
			throw new DeviceException("playback is already running");
		}
		firstIndex = firstDisplayIndex;
		startNanos = System.nanoTime();
		stopRequested = false;
		playing = true;
		LockSupport.unpark(pacing);
	}

	@Override
	public int bufferedFrameCount() {
		return (int) (tail - head);
	}

	@Override
	public long displayIndexNow() {
		return playing ? firstIndex + time.indexAt(System.nanoTime() - startNanos) : -1;
	}

	@Override
	public void stopScheduledPlayback() {
		stopRequested = true;
		LockSupport.unpark(pacing);
	}

	@Override
	public void setListener(OutputListener next) {
		synchronized (callbacks) {
			listener = next;
		}
	}

	private void pace() {
		while (!closed) {
			if (stopRequested) {
				flush();
				continue;
			}
			long h = head;
			if (!playing || h == tail) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				continue;
			}
			int at = (int) (h % CAPACITY);
			long index = indices[at];
			long due = startNanos + time.nanosOf(index - firstIndex + 1);
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
				continue; // re-check: a stop may have come meanwhile
			}
			FrameBuffer f = frames[at];
			frames[at] = null;
			boolean taken = feed.offer(f, index);
			if (!taken) {
				dropped++;
			}
			head = h + 1;
			complete(f, index, taken ? CompletionResult.COMPLETED : CompletionResult.DROPPED);
		}
		flush();
	}

	/** Pacing thread: reports every held frame FLUSHED, then playback stopped. */
	private void flush() {
		boolean had = playing || stopRequested;
		while (head != tail) {
			int at = (int) (head % CAPACITY);
			FrameBuffer f = frames[at];
			frames[at] = null;
			long index = indices[at];
			head = head + 1;
			complete(f, index, CompletionResult.FLUSHED);
		}
		playing = false;
		stopRequested = false;
		lastScheduled = -1;
		if (had) {
			synchronized (callbacks) {
				listener.playbackStopped();
			}
		}
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
	}

	private void complete(FrameBuffer f, long index, CompletionResult r) {
		synchronized (callbacks) {
			listener.frameCompleted(f, index, r, System.nanoTime());
		}
	}

	@Override
	public int audioChannels() {
		return audioChannels;
	}

	boolean isClosed() {
		return closed;
	}

	@Override
	public void close() {
		if (closed) {
			return;
		}
		if (playing) {
			stopRequested = true; // flushed and reported stopped once, by the pacing thread
		}
		closed = true;
		LockSupport.unpark(pacing);
		try {
			pacing.join(2000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		feed.close(6000);
	}
}
