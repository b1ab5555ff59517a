package org.genlock.backend.internal;

import org.genlock.api.playout.PlayoutSettings;

/**
 * The bounded FIFO of rendered frames waiting to be scheduled, each with the display index
 * it was rendered for (phase 7 Step 3). Overflow drops the oldest frame, so the newest
 * completed output is kept; shrinking the capacity keeps the ready frames and drains to the
 * new capacity; every dropped frame goes to the {@link DropSink} (back to the pool).
 *
 * <p>Thread-safe for renderer completion threads pushing and the completion worker
 * polling: each operation is O(1) under a short lock (an out-of-order push from a pipelined
 * renderer shifts at most a few entries) and allocates nothing; the arrays are sized for
 * {@link PlayoutSettings#MAX_DEPTH} up front. Frames are kept ordered by display index.
 *
 * @param <T> the frame type
 */
final class RenderOutputQueue<T> {

	/** Receives frames the queue drops; called under the queue's lock, must be short. */
	@FunctionalInterface
	interface DropSink<T> {
		void dropped(T frame, long displayIndex);
	}

	static final int MAX_CAPACITY = PlayoutSettings.MAX_DEPTH;

	private final Object lock = new Object();
	private final Object[] frames = new Object[MAX_CAPACITY];
	private final long[] indices = new long[MAX_CAPACITY];
	private final DropSink<T> dropSink;
	private int head;
	private int depth;
	private int capacity;
	/**
	 * The bound a push may reach before it drops the oldest: the capacity, or after a shrink
	 * the previous capacity until the queue has drained to the new one, so that frames the
	 * render lanes had in flight when a swap shrank the queue do not push out the next to air.
	 */
	private int overflowLimit;
	private long pushed;
	private long popped;
	private long dropped;
	private long stale;
	private long underruns;

	RenderOutputQueue(int capacity, DropSink<T> dropSink) {
		this.dropSink = dropSink;
		this.capacity = checkCapacity(capacity);
		this.overflowLimit = capacity;
	}

	private static int checkCapacity(int capacity) {
		if (capacity < 1 || capacity > MAX_CAPACITY) {
			throw new IllegalArgumentException("ready queue capacity " + capacity + " must be in 1.." + MAX_CAPACITY);
		}
		return capacity;
	}

	/**
	 * Adds a rendered frame. A frame already queued for the same display index is replaced
	 * (dropped): it came from a renderer that has just been replaced. If the queue is full, the
	 * oldest frame is dropped first.
	 */
	@SuppressWarnings("unchecked")
	void push(T frame, long displayIndex) {
		synchronized (lock) {
			pushed++;
			for (int k = depth - 1; k >= 0 && indices[at(k)] >= displayIndex; k--) {
				if (indices[at(k)] == displayIndex) {
					T replaced = (T) frames[at(k)];
					frames[at(k)] = frame;
					dropped++;
					dropSink.dropped(replaced, displayIndex);
					return;
				}
			}
			if (depth >= overflowLimit) {
				dropOldest();
			}
			int pos = depth;
			// keep display order even when a pipelined renderer completes out of order
			while (pos > 0 && indices[at(pos - 1)] > displayIndex) {
				frames[at(pos)] = frames[at(pos - 1)];
				indices[at(pos)] = indices[at(pos - 1)];
				pos--;
			}
			frames[at(pos)] = frame;
			indices[at(pos)] = displayIndex;
			depth++;
		}
	}

	/**
	 * Takes the frame for {@code displayIndex}: frames for earlier indices are stale (their
	 * time has passed) and are dropped; a frame for a later index stays queued. Counts an
	 * underrun when there is no frame for the index.
	 *
	 * @return the frame, or {@code null} on underrun
	 */
	T poll(long displayIndex) {
		synchronized (lock) {
			while (depth > 0 && indices[head] < displayIndex) {
				stale++;
				dropOldest();
			}
			if (depth > 0 && indices[head] == displayIndex) {
				popped++;
				return removeHead();
			}
			underruns++;
			return null;
		}
	}

	/** Takes the oldest frame whatever its index, or {@code null} (counted as underrun) if empty. */
	T pollOldest() {
		synchronized (lock) {
			if (depth == 0) {
				underruns++;
				return null;
			}
			popped++;
			return removeHead();
		}
	}

	/** Drops (and releases) the frames for display indices before {@code displayIndex}. */
	void dropBefore(long displayIndex) {
		synchronized (lock) {
			while (depth > 0 && indices[head] < displayIndex) {
				stale++;
				dropOldest();
			}
		}
	}

	/**
	 * Drops (and releases) the frames for display indices after {@code displayIndex} that
	 * {@code drop} selects, keeping the others in order. Rare (a renderer hand-over).
	 *
	 * @return frames dropped
	 */
	int dropAfter(long displayIndex, java.util.function.Predicate<T> drop) {
		synchronized (lock) {
			int kept = 0;
			int n = 0;
			for (int k = 0; k < depth; k++) {
				@SuppressWarnings("unchecked")
				T frame = (T) frames[at(k)];
				long index = indices[at(k)];
				if (index > displayIndex && drop.test(frame)) {
					dropped++;
					n++;
					dropSink.dropped(frame, index);
				} else {
					frames[at(kept)] = frame;
					indices[at(kept)] = index;
					kept++;
				}
			}
			for (int k = kept; k < depth; k++) {
				frames[at(k)] = null;
			}
			depth = kept;
			settleLimit();
			return n;
		}
	}

	/** The display index of the oldest frame, or -1 if empty. */
	long peekIndex() {
		synchronized (lock) {
			return depth == 0 ? -1 : indices[head];
		}
	}

	/** The display index of the newest frame, or -1 if empty. */
	long lastIndex() {
		synchronized (lock) {
			return depth == 0 ? -1 : indices[at(depth - 1)];
		}
	}

	/**
	 * Changes the capacity. Shrinking keeps the frames already ready: they are the next to
	 * air, and dropping them would make the very swap that shrank the queue (a lower-latency
	 * policy) cause an underrun. Until the queue has drained to the new capacity, pushes are
	 * bounded by the previous capacity (renders in flight at the swap still fit); after that
	 * a push at capacity drops the oldest, as always.
	 */
	void setCapacity(int newCapacity) {
		checkCapacity(newCapacity);
		synchronized (lock) {
			// the ring spans MAX_CAPACITY whatever the capacity, so nothing moves
			overflowLimit = newCapacity < capacity ? Math.max(overflowLimit, capacity) : newCapacity;
			capacity = newCapacity;
			settleLimit();
		}
	}

	private void settleLimit() {
		if (overflowLimit > capacity && depth < capacity) {
			overflowLimit = capacity;
		}
	}

	/**
	 * Removes every frame, handing each to {@code sink} (not counted as dropped): for
	 * teardown.
	 *
	 * @return frames removed
	 */
	int clear(DropSink<T> sink) {
		synchronized (lock) {
			int n = depth;
			while (depth > 0) {
				long index = indices[head];
				sink.dropped(removeHead(), index);
			}
			return n;
		}
	}

	private void dropOldest() {
		long index = indices[head];
		T frame = removeHead();
		dropped++;
		dropSink.dropped(frame, index);
	}

	@SuppressWarnings("unchecked")
	private T removeHead() {
		T frame = (T) frames[head];
		frames[head] = null;
		head = (head + 1) % MAX_CAPACITY;
		depth--;
		settleLimit();
		return frame;
	}

	private int at(int offset) {
		return (head + offset) % MAX_CAPACITY;
	}

	int depth() {
		synchronized (lock) {
			return depth;
		}
	}

	int capacity() {
		synchronized (lock) {
			return capacity;
		}
	}

	long pushed() {
		synchronized (lock) {
			return pushed;
		}
	}

	long popped() {
		synchronized (lock) {
			return popped;
		}
	}

	/** Frames dropped by overflow, capacity shrink or staleness. */
	long dropped() {
		synchronized (lock) {
			return dropped;
		}
	}

	/** Of {@link #dropped()}, those dropped because their display index had passed. */
	long stale() {
		synchronized (lock) {
			return stale;
		}
	}

	long underruns() {
		synchronized (lock) {
			return underruns;
		}
	}
}
