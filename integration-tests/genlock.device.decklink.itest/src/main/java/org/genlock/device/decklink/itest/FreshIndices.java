package org.genlock.device.decklink.itest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/** Follows a channel's frame log: which display index aired what (fresh, repeat, black...). */
final class FreshIndices implements FrameRecordVisitor {

	final Map<Long, FrameOutcome> outcomes = new ConcurrentHashMap<>();
	/** How the device reported each display index's frame (null: nothing scheduled for it). */
	final Map<Long, CompletionResult> results = new ConcurrentHashMap<>();
	/** Policy and strategy generation per display index: which binding each frame aired under. */
	final Map<Long, long[]> generations = new ConcurrentHashMap<>();
	private long cursor;
	long lost;

	void poll(FrameLog log) {
		if (cursor == 0) {
			cursor = log.oldest();
		}
		long head = log.head();
		while (cursor < head) {
			cursor = log.read(cursor, this, 1024);
		}
	}

	@Override
	public void frame(long sequence, long displayIndex, FrameOutcome outcome, CompletionResult result, long latenessNanos,
			long renderNanos, long rendererGeneration, long policyGeneration, long strategyGeneration,
			long programGeneration) {
		outcomes.put(displayIndex, outcome);
		if (result != null) {
			results.put(displayIndex, result);
		}
		generations.put(displayIndex, new long[] { policyGeneration, strategyGeneration });
	}

	@Override
	public void overrun(long lost) {
		this.lost += lost;
	}

	boolean fresh(long index) {
		return outcomes.get(index) == FrameOutcome.FRESH;
	}

	long count(FrameOutcome o) {
		return outcomes.values().stream().filter(o::equals).count();
	}
}
