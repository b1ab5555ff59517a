package org.genlock.backend.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.frame.FrameBuffer;

/**
 * The hand-off from the device's completion callback to the completion worker: a bounded,
 * preallocated, lock-free ring (Vyukov's bounded queue: one sequence per cell). Producers
 * never block and never allocate; a device calling back from more than one thread (a flush
 * on its control thread while its clock thread runs) is safe. One consumer.
 *
 * <p>It cannot overflow in practice: every entry is a frame the device accepted, at most one
 * per pool slot, and the ring holds twice the largest pool. A refused offer is counted.
 */
final class CompletionRing {

	/** Receives drained completions on the consumer's thread. */
	interface Handler {
		void completion(FrameBuffer frame, long generation, long displayIndex, CompletionResult result,
				long completionNanos);
	}

	private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
	private static final CompletionResult[] RESULTS = CompletionResult.values();

	private final int mask;
	private final long[] sequence;
	private final FrameBuffer[] frames;
	private final long[] generations;
	private final long[] indices;
	private final long[] nanos;
	private final byte[] results;
	private final AtomicLong tail = new AtomicLong();
	private long head;
	private final AtomicLong refused = new AtomicLong();

	CompletionRing(int capacity) {
		if (capacity < 2 || Integer.bitCount(capacity) != 1) {
			throw new IllegalArgumentException("completion ring capacity " + capacity + " must be a power of two >= 2");
		}
		mask = capacity - 1;
		sequence = new long[capacity];
		for (int i = 0; i < capacity; i++) {
			sequence[i] = i;
		}
		frames = new FrameBuffer[capacity];
		generations = new long[capacity];
		indices = new long[capacity];
		nanos = new long[capacity];
		results = new byte[capacity];
	}

	/**
	 * Adds a completion. Any thread; never blocks, never allocates.
	 *
	 * @return {@code false} if the ring is full (counted)
	 */
	boolean offer(FrameBuffer frame, long generation, long displayIndex, CompletionResult result, long when) {
		long pos = tail.get();
		int i;
		while (true) {
			i = (int) (pos & mask);
			long dif = (long) SEQ.getAcquire(sequence, i) - pos;
			if (dif == 0) {
				if (tail.compareAndSet(pos, pos + 1)) {
					break;
				}
				pos = tail.get();
			} else if (dif < 0) {
				refused.incrementAndGet();
				return false;
			} else {
				pos = tail.get();
			}
		}
		frames[i] = frame;
		generations[i] = generation;
		indices[i] = displayIndex;
		nanos[i] = when;
		results[i] = (byte) result.ordinal();
		SEQ.setRelease(sequence, i, pos + 1);
		return true;
	}

	/**
	 * Hands up to {@code max} completions to {@code handler}, oldest first. Consumer thread
	 * only.
	 *
	 * @return how many were handled
	 */
	int drain(Handler handler, int max) {
		int n = 0;
		while (n < max) {
			int i = (int) (head & mask);
			if ((long) SEQ.getAcquire(sequence, i) != head + 1) {
				break;
			}
			FrameBuffer frame = frames[i];
			long generation = generations[i];
			long index = indices[i];
			long when = nanos[i];
			CompletionResult result = RESULTS[results[i]];
			frames[i] = null;
			SEQ.setRelease(sequence, i, head + mask + 1);
			head++;
			n++;
			handler.completion(frame, generation, index, result, when);
		}
		return n;
	}

	/** Whether an entry is waiting (consumer's view). */
	boolean isEmpty() {
		return (long) SEQ.getAcquire(sequence, (int) (head & mask)) != head + 1;
	}

	long refused() {
		return refused.get();
	}
}
