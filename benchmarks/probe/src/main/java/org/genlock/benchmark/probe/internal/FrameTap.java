package org.genlock.benchmark.probe.internal;

import java.util.Arrays;

import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/**
 * Reads one channel's frame log (public API) and counts what aired since the last
 * {@link #reset}: fresh and non-fresh frames, late and dropped completions, the generations
 * last seen, and optionally every aired frame's completion lateness. Probe thread only.
 */
final class FrameTap implements FrameRecordVisitor {

    static final int RENDERER = 0;
    static final int POLICY = 1;
    static final int STRATEGY = 2;
    static final int PROGRAM = 3;

    private FrameLog log;
    private long cursor;

    long records;
    long fresh;
    long nonFresh;
    long late;
    long dropped;
    long lost;
    /** Generations of the newest record, by kind. */
    final long[] generation = new long[4];
    /** Renderer generation of the newest FRESH record. */
    long freshRendererGeneration = -1;

    private long[] lateness = new long[0];
    private int latenessCount;
    private boolean collectLateness;

    /** Follows a (new) frame log from its head. */
    void attach(FrameLog frameLog) {
        log = frameLog;
        cursor = frameLog.head();
    }

    /** Reads every record written since the previous call. */
    void pump() {
        if (log == null) {
            return;
        }
        long c;
        do {
            c = cursor;
            cursor = log.read(cursor, this, 1024);
        } while (cursor != c && cursor < log.head());
    }

    /** Zeroes the counters (not the generations). */
    void reset() {
        pump();
        records = fresh = nonFresh = late = dropped = lost = 0;
        latenessCount = 0;
    }

    /** Starts or stops keeping the lateness of aired frames, with room for {@code capacity}. */
    void collectLateness(boolean on, int capacity) {
        if (on && lateness.length < capacity) {
            lateness = new long[capacity];
        }
        latenessCount = 0;
        collectLateness = on;
    }

    /** The kept lateness values, sorted. */
    long[] sortedLateness() {
        long[] copy = Arrays.copyOf(lateness, latenessCount);
        Arrays.sort(copy);
        return copy;
    }

    @Override
    public void frame(long sequence, long displayIndex, FrameOutcome outcome, CompletionResult result,
            long latenessNanos, long renderNanos, long rendererGeneration, long policyGeneration,
            long strategyGeneration, long programGeneration) {
        records++;
        if (outcome == FrameOutcome.FRESH) {
            fresh++;
            freshRendererGeneration = rendererGeneration;
        } else {
            nonFresh++;
        }
        if (result == CompletionResult.DISPLAYED_LATE) {
            late++;
        } else if (result == CompletionResult.DROPPED) {
            dropped++;
        }
        generation[RENDERER] = rendererGeneration;
        generation[POLICY] = policyGeneration;
        generation[STRATEGY] = strategyGeneration;
        generation[PROGRAM] = programGeneration;
        if (collectLateness && result != null && result.aired() && latenessCount < lateness.length) {
            lateness[latenessCount++] = latenessNanos;
        }
    }

    @Override
    public void overrun(long n) {
        lost += n;
    }
}
