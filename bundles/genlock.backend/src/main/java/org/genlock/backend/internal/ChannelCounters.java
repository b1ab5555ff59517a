package org.genlock.backend.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/**
 * Cumulative per-frame counters of a channel, read by {@link #snapshot()} on any thread and
 * never allocating on the write side. The frame counters are plain volatile longs with one
 * writer at a time (the completion worker, or the control thread during preroll before the
 * worker schedules); the render counters have several writers (render lanes, renderer
 * threads) and are atomic.
 */
final class ChannelCounters {

	volatile long aired;
	volatile long fresh;
	volatile long repeated;
	volatile long black;
	volatile long slate;
	volatile long skipped;
	volatile long late;
	volatile long dropped;
	volatile long flushed;
	volatile long underruns;
	/** Completions for frames the pool did not consider scheduled (duplicates, foreign frames). */
	volatile long staleCompletions;
	/** Frames the device refused in schedule(). */
	volatile long refused;
	/** Underrun fills that found no free slot. */
	volatile long fillStarved;
	/** Policy or strategy calls that threw; the built-in rule or black was used. */
	volatile long pluginErrors;
	// Written by render lanes and renderer threads, several at a time: atomic, never lost.
	/** Render requests reported failed. */
	final AtomicLong renderFailures = new AtomicLong();
	/** Render completions ignored as stale (reclaimed, duplicated or foreign targets). */
	final AtomicLong staleRenders = new AtomicLong();
	/** Frames rendered after their display index had been scheduled. */
	final AtomicLong lateRenders = new AtomicLong();
	/** Renders given up past the render budget. */
	final AtomicLong abandonedRenders = new AtomicLong();
	/** Automatic replacements of the on-air renderer. */
	final AtomicLong rendererFallbacks = new AtomicLong();

	/** Counts a completion result. */
	void result(CompletionResult r) {
		switch (r) {
			case DISPLAYED_LATE -> late++;
			case DROPPED -> dropped++;
			case FLUSHED -> flushed++;
			case COMPLETED -> {
				// counted by outcome below
			}
		}
	}

	/** Counts a frame that reached the output, by what it showed. */
	void aired(int outcomeOrdinal) {
		aired++;
		if (outcomeOrdinal == FrameOutcome.FRESH.ordinal()) {
			fresh++;
		} else if (outcomeOrdinal == FrameOutcome.REPEAT.ordinal()) {
			repeated++;
		} else if (outcomeOrdinal == FrameOutcome.BLACK.ordinal()) {
			black++;
		} else if (outcomeOrdinal == FrameOutcome.SLATE.ordinal()) {
			slate++;
		}
	}

	FrameCounters snapshot() {
		return new FrameCounters(aired, fresh, repeated, black, slate, skipped, late, dropped, flushed, underruns);
	}

	/**
	 * The engine counters, with the two the run's queue and ring keep themselves.
	 *
	 * @param readyDrops         frames the ready queue dropped, over the channel's life
	 * @param refusedCompletions completions a full ring refused, over the channel's life
	 */
	EngineCounters engineSnapshot(long readyDrops, long refusedCompletions) {
		return new EngineCounters(renderFailures.get(), staleRenders.get(), lateRenders.get(), abandonedRenders.get(),
				refused, fillStarved, readyDrops, refusedCompletions, staleCompletions, pluginErrors,
				rendererFallbacks.get());
	}
}
