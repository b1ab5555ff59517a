package org.genlock.backend.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/**
 * The channel's {@link FrameLog}: preallocated primitive arrays written by one thread (the
 * completion worker, or the control thread while the worker is not running) and read by
 * any number of pollers with their own cursors.
 *
 * <p>Each entry carries the sequence written into it, seqlock style: the writer marks the
 * entry invalid, writes the fields, then publishes the sequence and the head; a reader
 * checks the entry's sequence before and after copying the fields, so a record overwritten
 * while it is read is never delivered. Neither side blocks or allocates.
 */
final class FrameLogRing implements FrameLog {

	/** Default number of records held: about 80 seconds at 50 frames per second. */
	static final int DEFAULT_CAPACITY = 4096;

	private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
	private static final FrameOutcome[] OUTCOMES = FrameOutcome.values();
	private static final CompletionResult[] RESULTS = CompletionResult.values();

	private final int capacity;
	private final int mask;
	private final long[] sequence;
	private final long[] displayIndex;
	private final byte[] outcome;
	private final byte[] result;
	private final long[] lateness;
	private final long[] renderNanos;
	private final long[] rendererGeneration;
	private final long[] policyGeneration;
	private final long[] strategyGeneration;
	private final long[] programGeneration;
	private volatile long head;

	FrameLogRing(int capacity) {
		if (capacity < 1 || Integer.bitCount(capacity) != 1) {
			throw new IllegalArgumentException("frame log capacity " + capacity + " must be a power of two >= 1");
		}
		this.capacity = capacity;
		this.mask = capacity - 1;
		sequence = new long[capacity];
		java.util.Arrays.fill(sequence, -1);
		displayIndex = new long[capacity];
		outcome = new byte[capacity];
		result = new byte[capacity];
		lateness = new long[capacity];
		renderNanos = new long[capacity];
		rendererGeneration = new long[capacity];
		policyGeneration = new long[capacity];
		strategyGeneration = new long[capacity];
		programGeneration = new long[capacity];
	}

	/**
	 * Appends a record. Single writer; never blocks, never allocates.
	 *
	 * @param completion the device's result, or {@code null} for {@link FrameOutcome#SKIP}
	 */
	void append(long index, FrameOutcome what, CompletionResult completion, long latenessNanos, long renderTime,
			long rendererGen, long policyGen, long strategyGen, long programGen) {
		long s = head;
		int i = (int) (s & mask);
		SEQ.setOpaque(sequence, i, -1L);
		VarHandle.storeStoreFence();
		displayIndex[i] = index;
		outcome[i] = (byte) what.ordinal();
		result[i] = (byte) (completion == null ? -1 : completion.ordinal());
		lateness[i] = latenessNanos;
		renderNanos[i] = renderTime;
		rendererGeneration[i] = rendererGen;
		policyGeneration[i] = policyGen;
		strategyGeneration[i] = strategyGen;
		programGeneration[i] = programGen;
		SEQ.setRelease(sequence, i, s);
		head = s + 1;
	}

	@Override
	public long head() {
		return head;
	}

	@Override
	public int capacity() {
		return capacity;
	}

	@Override
	public long read(long fromSequence, FrameRecordVisitor visitor, int max) {
		long h = head;
		if (fromSequence < 0 || fromSequence > h) {
			throw new IllegalArgumentException("frame log cursor " + fromSequence + " must be in 0.." + h
					+ " (the head)");
		}
		if (max <= 0) {
			return fromSequence;
		}
		long cursor = fromSequence;
		long oldest = Math.max(0, h - capacity);
		if (cursor < oldest) {
			visitor.overrun(oldest - cursor);
			cursor = oldest;
		}
		long end = Math.min(h, cursor + max);
		while (cursor < end) {
			int i = (int) (cursor & mask);
			if ((long) SEQ.getAcquire(sequence, i) != cursor) {
				return cursor; // overwritten: the next read reports it as overrun
			}
			long index = displayIndex[i];
			int what = outcome[i];
			int completion = result[i];
			long late = lateness[i];
			long render = renderNanos[i];
			long rg = rendererGeneration[i];
			long pg = policyGeneration[i];
			long sg = strategyGeneration[i];
			long prg = programGeneration[i];
			VarHandle.loadLoadFence();
			if ((long) SEQ.getOpaque(sequence, i) != cursor) {
				return cursor;
			}
			visitor.frame(cursor, index, OUTCOMES[what], completion < 0 ? null : RESULTS[completion], late, render, rg,
					pg, sg, prg);
			cursor++;
		}
		return cursor;
	}
}
