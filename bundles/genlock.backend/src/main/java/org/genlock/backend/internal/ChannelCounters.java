package org.genlock.backend.internal;

import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/**
 * Cumulative per-frame counters of a channel: plain volatile longs bumped by one writer at
 * a time (the completion worker, or the control thread during preroll before the worker
 * schedules), read by {@link #snapshot()} on any thread. Never allocates on the write side.
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
	/** Render requests reported failed. */
	volatile long renderFailures;
	/** Render completions ignored as stale (reclaimed, duplicated or foreign targets). */
	volatile long staleRenders;
	/** Frames rendered after their display index had been scheduled. */
	volatile long lateRenders;
	/** Renders given up past the render budget. */
	volatile long abandonedRenders;
	/** Automatic replacements of the on-air renderer. */
	volatile long rendererFallbacks;

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
		return new EngineCounters(renderFailures, staleRenders, lateRenders, abandonedRenders, refused, fillStarved,
				readyDrops, refusedCompletions, staleCompletions, pluginErrors, rendererFallbacks);
	}
}
