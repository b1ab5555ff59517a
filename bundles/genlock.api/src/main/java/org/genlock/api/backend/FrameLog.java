package org.genlock.api.backend;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A channel's per-frame log: a preallocated ring of fixed-size records, one per display
 * index that completed or was skipped, written by the backend's completion worker.
 *
 * <p>Implemented by the backend ({@code @ProviderType}: readers only call it).
 *
 * <h2>Reading</h2> Records carry consecutive sequence numbers from 0. Each reader keeps its
 * own cursor (the sequence of the next record it wants) and polls:
 * <pre>
 * long cursor = log.head();            // or 0 for everything still held
 * ...
 * cursor = log.read(cursor, visitor, 256);
 * </pre>
 * Reading never blocks the writer, never blocks on other readers and never allocates; any
 * number of threads may read concurrently. The ring holds the last {@link #capacity()}
 * records: a reader that falls further behind is told how many it lost through
 * {@link FrameRecordVisitor#overrun(long)} and continues at the oldest record still held.
 * A record overwritten while it is being read is not delivered and counts as lost.
 */
@ProviderType
public interface FrameLog {

	/**
	 * Returns the sequence number the next record will get, i.e. the number of records ever
	 * written.
	 *
	 * @return the head sequence, {@code >= 0}
	 */
	long head();

	/**
	 * Returns how many records the ring holds.
	 *
	 * @return the capacity, {@code >= 1}
	 */
	int capacity();

	/**
	 * Returns the oldest sequence still held.
	 *
	 * @return {@code max(0, head() - capacity())}
	 */
	default long oldest() {
		return Math.max(0, head() - capacity());
	}

	/**
	 * Delivers records from {@code fromSequence} on, at most {@code max}, stopping at the
	 * head. If {@code fromSequence} is older than the oldest record held, first calls
	 * {@link FrameRecordVisitor#overrun(long) overrun(oldest - fromSequence)} and starts at
	 * the oldest.
	 *
	 * @param fromSequence the reader's cursor, {@code 0 <= fromSequence <= head()}
	 * @param visitor      receives the records on this thread
	 * @param max          the most records to deliver; {@code <= 0} delivers none
	 * @return the cursor for the next call: one past the last record delivered or skipped
	 * @throws IllegalArgumentException if {@code fromSequence} is negative or beyond the head
	 */
	long read(long fromSequence, FrameRecordVisitor visitor, int max);
}
