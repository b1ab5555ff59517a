package org.genlock.telemetry.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.HdrHistogram.AbstractHistogram;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.RecoveryObservation;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.UnderrunObservation;

/**
 * The telemetry of one channel: reads its frame log with a private cursor into the bucket
 * ring, polls its status, keeps the verdict. Called by the telemetry scheduler thread, the
 * backend's event thread (observations) and HTTP threads (snapshots); the monitor serialises
 * them and is never taken by the playout threads.
 */
final class ChannelTelemetry implements FrameRecordVisitor {

    /** The windows shown, in seconds. */
    static final int[] WINDOWS = { 10, 60, 600 };
    /** Records read per {@link FrameLog#read} call. */
    static final int BATCH = 256;
    /** Read calls per poll at most, so that a flood cannot pin the scheduler thread. */
    static final int MAX_BATCHES = 64;
    static final long EVENT_INTERVAL_NANOS = 1_000_000_000L;

    /** Topics rate-limited per channel. */
    enum EventKind { HEALTH, UNDERRUN, SWAP }

    private final VideoBackend backend;
    private final String channelId;
    private final BucketRing ring = new BucketRing();
    private final EpisodeLog episodes;
    private final AbstractHistogram scratch = BucketRing.newHistogram();
    private final long[] lastEventNanos = new long[EventKind.values().length];
    private final boolean[] eventSent = new boolean[EventKind.values().length];

    private long cursor = -1;
    private long overruns;
    private long completed;
    private long renderCount;
    private long renderSumNanos;
    private long latenessCount;
    private long latenessSumNanos;
    private long swaps;
    private long underrunStreaks;
    private long recoveries;
    private ChannelStatus status;
    private Health health = Health.OK;

    ChannelTelemetry(VideoBackend backend, Consumer<String> log) {
        this.backend = backend;
        this.channelId = backend.channelId();
        this.episodes = new EpisodeLog(channelId, log);
    }

    String channelId() {
        return channelId;
    }

    VideoBackend backend() {
        return backend;
    }

    /** Reads the frame log from the cursor on. The first poll starts at the oldest record held. */
    synchronized void pollFrames(long nowMillis) {
        ring.advanceTo(Math.floorDiv(nowMillis, 1000));
        FrameLog log = backend.frameLog();
        if (cursor < 0) {
            cursor = log.oldest();
        }
        for (int i = 0; i < MAX_BATCHES; i++) {
            long head = log.head();
            if (cursor >= head) {
                return;
            }
            cursor = log.read(cursor, this, BATCH);
        }
    }

    @Override
    public void frame(long sequence, long displayIndex, FrameOutcome outcome, CompletionResult result,
            long latenessNanos, long renderNanos, long rendererGeneration, long policyGeneration,
            long strategyGeneration, long programGeneration) {
        ring.recordFrame(outcome, result, latenessNanos, renderNanos);
        if (result == CompletionResult.COMPLETED) {
            completed++;
        }
        if (result != null && result.aired()) {
            latenessCount++;
            latenessSumNanos += Math.max(0, latenessNanos);
        }
        if (renderNanos >= 0) {
            renderCount++;
            renderSumNanos += renderNanos;
        }
    }

    @Override
    public void overrun(long lost) {
        overruns += lost;
    }

    /**
     * Polls the status, samples the ready depth and recomputes the verdict.
     *
     * @return the new health if the verdict changed, else {@code null}
     */
    synchronized Health pollStatus(long nowMillis, Thresholds thresholds) {
        ring.advanceTo(Math.floorDiv(nowMillis, 1000));
        status = backend.status();
        ring.recordDepth(status.readyDepth());
        int w = HealthRules.WINDOW_SECONDS;
        health = HealthRules.evaluate(status.state(), ring.frames(w), ring.results(CompletionResult.DISPLAYED_LATE, w),
                ring.results(CompletionResult.DROPPED, w), ring.underruns(w), thresholds);
        return episodes.update(health) ? health : null;
    }

    /** Counts an observation of this channel. */
    synchronized void observe(Observation observation) {
        if (observation instanceof SwapObservation) {
            swaps++;
        } else if (observation instanceof UnderrunObservation u && u.consecutive() == 1) {
            underrunStreaks++;
        } else if (observation instanceof RecoveryObservation) {
            recoveries++;
        }
    }

    /** Returns whether an event of {@code kind} may be sent now (at most one per second), and if so counts it sent. */
    synchronized boolean allowEvent(EventKind kind, long nowNanos) {
        int i = kind.ordinal();
        if (eventSent[i] && nowNanos - lastEventNanos[i] < EVENT_INTERVAL_NANOS) {
            return false;
        }
        eventSent[i] = true;
        lastEventNanos[i] = nowNanos;
        return true;
    }

    synchronized ChannelSnapshot snapshot() {
        List<WindowStats> windows = new ArrayList<>(WINDOWS.length);
        for (int seconds : WINDOWS) {
            windows.add(window(seconds));
        }
        return new ChannelSnapshot(channelId, status, health, windows, completed, overruns, swaps, underrunStreaks,
                recoveries, renderCount, renderSumNanos / 1e9, latenessCount, latenessSumNanos / 1e9);
    }

    private WindowStats window(int seconds) {
        Map<String, Long> frames = new LinkedHashMap<>();
        for (FrameOutcome o : FrameOutcome.values()) {
            frames.put(Names.outcome(o), ring.outcomes(o, seconds));
        }
        Map<String, Long> completions = new LinkedHashMap<>();
        for (CompletionResult r : CompletionResult.values()) {
            completions.put(Names.result(r), ring.results(r, seconds));
        }
        boolean histograms = seconds <= BucketRing.HISTOGRAM_SECONDS;
        Quantiles render = histograms ? Quantiles.of(ring.renderInto(seconds, scratch)) : null;
        Quantiles lateness = histograms ? Quantiles.of(ring.latenessInto(seconds, scratch)) : null;
        return new WindowStats(seconds, frames, completions, ring.underruns(seconds), ring.depthAverage(seconds),
                ring.depthMax(seconds), render, lateness);
    }
}
