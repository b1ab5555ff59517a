package org.genlock.api.backend;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives frame log records from {@link FrameLog#read}, as primitives so reading allocates
 * nothing.
 *
 * <p>Implemented by readers of the frame log (telemetry, console, tests;
 * {@code @ConsumerType}: adding a method is a major change). Called on the reader's own
 * thread, inside {@code read}; must not call back into the log.
 */
@ConsumerType
public interface FrameRecordVisitor {

	/**
	 * Receives one record.
	 *
	 * @param sequence           the record's sequence number in the log
	 * @param displayIndex       the display index the record is about
	 * @param outcome            what aired
	 * @param result             the device's completion result, or {@code null} for
	 *                           {@link FrameOutcome#SKIP} (nothing was scheduled)
	 * @param latenessNanos      completion time minus due time; negative if early
	 * @param renderNanos        render time of the frame, or {@code -1} if it was not
	 *                           freshly rendered
	 * @param rendererGeneration generation of the renderer binding that produced it (changes
	 *                           on every swap)
	 * @param policyGeneration   generation of the playout policy binding in force
	 * @param strategyGeneration generation of the underrun strategy binding in force
	 * @param programGeneration  generation of the program rendered
	 */
	void frame(long sequence, long displayIndex, FrameOutcome outcome, CompletionResult result, long latenessNanos,
			long renderNanos, long rendererGeneration, long policyGeneration, long strategyGeneration,
			long programGeneration);

	/**
	 * Reports that records were overwritten before this reader got to them. Called at most
	 * once per {@code read}, before any {@link #frame} of that call.
	 *
	 * @param lost the number of records skipped
	 */
	default void overrun(long lost) {
		// ignored by default
	}
}
