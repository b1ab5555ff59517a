package org.genlock.backend.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import org.genlock.api.playout.PlayoutSettings;
import org.genlock.backend.internal.OutputFramePool.Slot;

/**
 * A run's copy thread ({@code genlock-<channel>-tapcopy}): the completion worker lends it one
 * aired slot at a time; it hands the frame to every tap and gives the slot back, so the worker
 * spends one hand-over per frame and no copy. While it still works on a frame, the next aired
 * frame is not lent: the worker counts it missed for every tap.
 *
 * <p>A tap that is idle (its ring empty, nothing in hand) borrows the slot itself instead of a
 * copy, within the pool's slack: at most {@code slack.getAsInt()} slots are out with taps at a
 * time, the slots the pool has beyond {@link PlayoutSettings#minimumPoolSize} (the pipelined
 * renderer's room), so a pool of the minimum size never lends and a tap stuck in a write can
 * never take a slot the device's pipeline needs. A busy tap gets a copy in its ring, as before.
 * Each frame the copy thread handles carries pins: its own while it offers, one per borrowing
 * tap; whoever drops the last one finishes the frame (lends it on to a waiting preview or
 * frees it).
 *
 * <p>Who returns the lent slot to the pool: the copy thread (or the last borrowing tap) when the
 * worker freed it for the taps ({@link #RELEASE}); the worker when the slot is also its newest
 * frame, kept for repeats ({@link #KEEP}: taps then get copies only, never the slot). When the
 * worker lets go of a kept slot the copy thread still reads, it hands the release over
 * ({@link #takeOverRelease}) instead of freeing memory under the copy.
 */
final class TapCopier implements TapLane.Lender {

	static final int IDLE = 0;
	static final int KEEP = 1;
	static final int RELEASE = 2;

	private final OutputFramePool pool;
	private final TapHub hub;
	private final PreviewTap preview;
	private final IntSupplier slack;
	private final Thread thread;
	private final AtomicInteger phase = new AtomicInteger(IDLE);
	/** Per slot index: the pins on the frame in it while taps have it. */
	private final AtomicIntegerArray pins = new AtomicIntegerArray(PlayoutSettings.MAX_POOL_SIZE);
	/** Slots out with taps now. */
	private final AtomicInteger lentOut = new AtomicInteger();
	private volatile long lent;
	private volatile boolean running = true;
	// written by the worker before phase leaves IDLE, read by the copy thread after
	private Slot slot;
	private long generation;
	private long displayIndex;

	/**
	 * @param slack how many slots taps may hold at once (read once per frame on the copy
	 *              thread): the pool's slots beyond the minimum its settings need
	 */
	TapCopier(String channelId, OutputFramePool pool, TapHub hub, PreviewTap preview, IntSupplier slack) {
		this.pool = pool;
		this.hub = hub;
		this.preview = preview;
		this.slack = slack;
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
			long index = displayIndex;
			boolean current = s.generation() == g;
			if (p == RELEASE && current) {
				// ours to free: idle taps may borrow it; our own pin keeps it until every tap has been offered it
				pins.set(s.slot(), 1);
				hub.offer(s, index, this);
				phase.set(IDLE);
				unpin(s, g, index);
				continue;
			}
			if (current) {
				hub.offer(s, index, null);
			}
			if (!phase.compareAndSet(KEEP, IDLE)) {
				// RELEASE (taken over, or the slot went stale): ours to free
				phase.set(IDLE);
				finish(s, g, index);
			}
		}
	}

	/** Copy thread: whether a tap may borrow a slot now (within the pool's slack). */
	@Override
	public boolean mayBorrow() {
		return lentOut.get() < slack.getAsInt();
	}

	/** Copy thread: a tap borrows the frame being offered. */
	@Override
	public void borrowed(Slot s) {
		pins.incrementAndGet(s.slot());
		lentOut.incrementAndGet();
		lent++; // single writer: the copy thread
	}

	/** A tap's thread: the tap is done with a borrowed frame. */
	@Override
	public void giveBack(Slot s, long g, long index) {
		lentOut.decrementAndGet();
		unpin(s, g, index);
	}

	private void unpin(Slot s, long g, long index) {
		if (pins.decrementAndGet(s.slot()) == 0) {
			finish(s, g, index);
		}
	}

	/** The frame is the taps' no more: lends it on to a waiting preview, or frees it. */
	private void finish(Slot s, long g, long index) {
		boolean lentOn = preview.wanted() && preview.lend(s, g, index, pool);
		if (!lentOn) {
			pool.release(s, g);
		}
	}

	/** Slots out with taps now. */
	int lentOut() {
		return lentOut.get();
	}

	/** Frames taps borrowed instead of taking a copy, since the run started. */
	long lent() {
		return lent;
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
