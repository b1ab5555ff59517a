package org.genlock.backend.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.genlock.backend.internal.OutputFramePool.Slot;

/**
 * A run's copy thread ({@code genlock-<channel>-tapcopy}): the completion worker lends it one
 * aired slot at a time, it copies the frame into every tap's ring and gives the slot back, so
 * the worker spends one hand-over per frame and no copy. While it still copies, the next
 * aired frame is not lent: the worker counts it missed for every tap.
 *
 * <p>Who returns the lent slot to the pool: the copy thread when the worker freed it for the
 * taps ({@link #RELEASE}); the worker when the slot is also its newest frame, kept for repeats
 * ({@link #KEEP}). When the worker lets go of a kept slot the copy thread still reads, it
 * hands the release over ({@link #takeOverRelease}) instead of freeing memory under the copy.
 */
final class TapCopier {

	static final int IDLE = 0;
	static final int KEEP = 1;
	static final int RELEASE = 2;

	private final OutputFramePool pool;
	private final TapHub hub;
	private final PreviewTap preview;
	private final Thread thread;
	private final AtomicInteger phase = new AtomicInteger(IDLE);
	private volatile boolean running = true;
	// written by the worker before phase leaves IDLE, read by the copy thread after
	private Slot slot;
	private long generation;
	private long displayIndex;

	TapCopier(String channelId, OutputFramePool pool, TapHub hub, PreviewTap preview) {
		this.pool = pool;
		this.hub = hub;
		this.preview = preview;
		this.thread = new Thread(this::loop, "genlock-" + channelId + "-tapcopy");
		thread.setDaemon(true);
	}

	void start() {
		thread.start();
	}

	/** Worker: whether a slot can be lent now. */
	boolean idle() {
		return phase.get() == IDLE && running;
	}

	/**
	 * Worker: lends an aired slot (already kept out of the free stack). {@code workerKeeps}: the
	 * worker keeps it as its newest frame and frees it itself later.
	 */
	void lend(Slot s, long g, long index, boolean workerKeeps) {
		slot = s;
		generation = g;
		displayIndex = index;
		phase.set(workerKeeps ? KEEP : RELEASE);
		LockSupport.unpark(thread);
	}

	/**
	 * Worker, letting go of its kept newest slot: if the copy thread still reads that slot, it
	 * frees it when done.
	 *
	 * @return whether the copy thread took over the release
	 */
	boolean takeOverRelease(Slot s, long g) {
		return slot == s && generation == g && phase.compareAndSet(KEEP, RELEASE);
	}

	private void loop() {
		while (running || phase.get() != IDLE) {
			int p = phase.get();
			if (p == IDLE) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
				continue;
			}
			Slot s = slot;
			long g = generation;
			if (s.generation() == g) {
				hub.offer(s, displayIndex);
			}
			if (!phase.compareAndSet(KEEP, IDLE)) {
				// RELEASE: ours to free, or to lend on to a waiting preview
				boolean lent = preview.wanted() && preview.lend(s, g, displayIndex, pool);
				phase.set(IDLE);
				if (!lent) {
					pool.release(s, g);
				}
			}
		}
	}

	/** Control thread, after the worker ended: finishes the frame in hand and ends. */
	void close(long millis) {
		running = false;
		LockSupport.unpark(thread);
		try {
			thread.join(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	boolean alive() {
		return thread.isAlive();
	}
}
