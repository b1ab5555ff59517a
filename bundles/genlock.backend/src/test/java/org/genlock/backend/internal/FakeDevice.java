package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.frame.FrameAllocator;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * A device with a manual clock: {@link Session#step()} shows the next display index and
 * reports the frame that was on air, on the calling thread, so tests advance time
 * deterministically. Allocation-free on the schedule/step path.
 */
final class FakeDevice implements VideoOutputDevice {

	final DeviceInfo info;
	final AtomicInteger opens = new AtomicInteger();
	volatile Session current;
	volatile boolean failOpen;
	volatile boolean holdOnClose;
	/** A free-running output: {@link OutputSession#paced()} is false and a slot waits for its frame. */
	volatile boolean freeRunning;

	FakeDevice(String id, VideoFormat format) {
		this(id, List.of(format));
	}

	FakeDevice(String id, List<VideoFormat> formats) {
		info = new DeviceInfo(id, "Fake " + id, formats, true, false, 16);
	}

	@Override
	public DeviceInfo info() {
		return info;
	}

	@Override
	public OutputSession open(VideoFormat format, OutputListener listener) throws DeviceException {
		if (failOpen) {
			throw new DeviceException("fake " + info.id() + " refuses to open");
		}
		Session s = current;
		if (s != null && !s.closed) {
			throw new DeviceException("fake " + info.id() + " is busy");
		}
		opens.incrementAndGet();
		current = new Session(format, listener);
		return current;
	}

	/** Counts allocations and releases of frame memory. */
	static final class Allocator implements FrameAllocator {
		final AtomicInteger allocated = new AtomicInteger();
		final AtomicInteger released = new AtomicInteger();

		@Override
		public ByteBuffer allocate(VideoFormat format, int rowBytes) {
			allocated.incrementAndGet();
			return ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
		}

		@Override
		public void release(ByteBuffer buffer) {
			released.incrementAndGet();
		}
	}

	final class Session implements OutputSession {
		static final int SLOTS = 1024;
		final VideoFormat format;
		final Allocator allocator = new Allocator();
		final FrameBuffer[] frames = new FrameBuffer[SLOTS];
		final long[] indices = new long[SLOTS];
		/** First pixel word of the frame completed for each display index (mod SLOTS). */
		final int[] airedWord = new int[SLOTS];
		volatile OutputListener listener;
		long now = -1;
		long lastScheduled = -1;
		int buffered;
		boolean playing;
		volatile boolean closed;
		volatile long delivered;
		volatile CompletionResult forced;
		volatile int stopCalls;

		Session(VideoFormat format, OutputListener listener) {
			this.format = format;
			this.listener = listener;
			java.util.Arrays.fill(indices, -1);
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
		public synchronized boolean schedule(FrameBuffer frame, long displayIndex) {
			if (closed || displayIndex <= lastScheduled || buffered >= info.maxBufferedFrames()
					|| indices[(int) (displayIndex % SLOTS)] >= 0) {
				return false;
			}
			int i = (int) (displayIndex % SLOTS);
			frames[i] = frame;
			indices[i] = displayIndex;
			lastScheduled = displayIndex;
			buffered++;
			return true;
		}

		@Override
		public synchronized void startScheduledPlayback(long firstDisplayIndex) throws DeviceException {
			if (playing) {
				throw new DeviceException("already playing");
			}
			now = firstDisplayIndex;
			playing = true;
		}

		@Override
		public synchronized int bufferedFrameCount() {
			return buffered;
		}

		@Override
		public synchronized long displayIndexNow() {
			return playing ? now : -1;
		}

		@Override
		public boolean paced() {
			return !freeRunning;
		}

		/** Shows the next index: reports the frame that was on air (and any scheduled too late as dropped). */
		void step() {
			FrameBuffer frame;
			long index;
			synchronized (this) {
				if (!playing) {
					return;
				}
				index = now;
				if (freeRunning && indices[(int) (index % SLOTS)] != index) {
					return; // free-running: the slot waits for its frame
				}
				now++;
				frame = take(index);
			}
			if (frame != null) {
				CompletionResult r = forced;
				deliver(frame, index, r == null ? CompletionResult.COMPLETED : r);
			}
		}

		/** Advances the clock by {@code frames} without reporting, as if callbacks stalled. */
		synchronized void stall(int frames) {
			now += frames;
		}

		/** Reports every held frame with an index before the clock (late callbacks after a stall). */
		void catchUpCallbacks(CompletionResult result) {
			while (true) {
				FrameBuffer frame = null;
				long index = -1;
				synchronized (this) {
					for (long i = now - SLOTS + 1; i < now; i++) {
						if (i >= 0 && indices[(int) (i % SLOTS)] == i) {
							index = i;
							frame = take(i);
							break;
						}
					}
				}
				if (frame == null) {
					return;
				}
				deliver(frame, index, result);
			}
		}

		private FrameBuffer take(long index) {
			int i = (int) (index % SLOTS);
			if (indices[i] != index) {
				return null;
			}
			FrameBuffer f = frames[i];
			frames[i] = null;
			indices[i] = -1;
			buffered--;
			return f;
		}

		private void deliver(FrameBuffer frame, long index, CompletionResult result) {
			airedWord[(int) (index % SLOTS)] = frame.pixels().getInt(0);
			OutputListener l = listener;
			delivered++;
			if (l != null) {
				l.frameCompleted(frame, index, result, System.nanoTime());
			}
		}

		/** Reports every held frame as FLUSHED, oldest first. */
		private void flushAll() {
			while (true) {
				FrameBuffer frame = null;
				long index = -1;
				synchronized (this) {
					long best = Long.MAX_VALUE;
					for (int i = 0; i < SLOTS; i++) {
						if (indices[i] >= 0 && indices[i] < best) {
							best = indices[i];
						}
					}
					if (best != Long.MAX_VALUE) {
						index = best;
						frame = take(best);
					}
				}
				if (frame == null) {
					return;
				}
				deliver(frame, index, CompletionResult.FLUSHED);
			}
		}

		@Override
		public void stopScheduledPlayback() {
			stopCalls++;
			synchronized (this) {
				if (!playing) {
					return;
				}
				playing = false;
			}
			if (!holdOnClose) {
				flushAll();
			}
			OutputListener l = listener;
			if (l != null) {
				l.playbackStopped();
			}
		}

		@Override
		public void setListener(OutputListener l) {
			listener = l;
		}

		/** Reports a device failure as a driver would. */
		void fail(String reason) {
			OutputListener l = listener;
			if (l != null) {
				l.deviceFailed(reason);
			}
		}

		synchronized int held() {
			return buffered;
		}

		@Override
		public void close() {
			if (closed) {
				return;
			}
			stopScheduledPlayback();
			if (!holdOnClose) {
				flushAll();
			}
			closed = true;
			listener = null;
		}
	}
}
