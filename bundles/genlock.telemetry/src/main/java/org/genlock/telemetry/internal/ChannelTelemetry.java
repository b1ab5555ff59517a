package org.genlock.telemetry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

import org.HdrHistogram.AbstractHistogram;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.telemetry.LifecycleObservation;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.RecoveryObservation;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.Topics;
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
    /** The rate limits' interval. */
    static final long EVENT_INTERVAL_NANOS = 1_000_000_000L;

    /**
     * The per-channel EventAdmin topics ({@code org/genlock/channel/<id>/<name>}) and how many
     * events of each may go out per second. Lifecycle transitions are few and each matters, so
     * STATE gets a burst allowance; the others are one per second with the rest summarised
     * ({@link EventGate}).
     */
    enum EventKind {
        STATE(16), UNDERRUN(1), LATE(1), SWAP(1), HEALTH(1);

        final int perSecond;

        EventKind(int perSecond) {
            this.perSecond = perSecond;
        }

        /** The topic's last token, e.g. {@code /LATE}. */
        String suffix() {
            return "/" + name();
        }
    }

    private final VideoBackend backend;
    private final String channelId;
    private final BucketRing ring = new BucketRing();
    private final EpisodeLog episodes;
    private final AbstractHistogram scratch = BucketRing.newHistogram();
    private final EventGate[] gates = new EventGate[EventKind.values().length];
    private final RenderWatch renderWatch = new RenderWatch();
    /** The /metrics histograms' series of this channel, fed here on the telemetry thread. */
    private final DistributionDataPoint renderHistogram;
    private final DistributionDataPoint latenessHistogram;

    private long cursor = -1;
    private long overruns;
    private long completed;
    private long swaps;
    private long underrunStreaks;
    private long recoveries;
    private long lateSeen;
    private long lateNoted;
    private long lastLateIndex;
    private long lastLateNanos;
    private ChannelStatus status;
    private Health health = Health.OK;

    ChannelTelemetry(VideoBackend backend, Consumer<String> log, Exposition exposition) {
        this.backend = backend;
        this.channelId = backend.channelId();
        this.renderHistogram = exposition.render().labelValues(channelId);
        this.latenessHistogram = exposition.lateness().labelValues(channelId);
        this.episodes = new EpisodeLog(channelId, log);
        for (EventKind kind : EventKind.values()) {
            gates[kind.ordinal()] = new EventGate(kind.perSecond, EVENT_INTERVAL_NANOS);
        }
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
        for (int i = 0; i < MAX_BATCHES && cursor < log.head(); i++) {
            cursor = log.read(cursor, this, BATCH);
        }
        if (lateSeen > lateNoted) {
            // One LATE occurrence per late completion; the gate summarises a burst into one event.
            Map<String, Object> late = new HashMap<>();
            late.put("total", lateSeen);
            late.put("displayIndex", lastLateIndex);
            late.put("latenessMs", lastLateNanos / 1e6);
            gates[EventKind.LATE.ordinal()].add(lateSeen - lateNoted, late);
            lateNoted = lateSeen;
        }
    }

    @Override
    public void frame(long sequence, long displayIndex, FrameOutcome outcome, CompletionResult result,
            long latenessNanos, long renderNanos, long rendererGeneration, long policyGeneration,
            long strategyGeneration, long programGeneration) {
        ring.recordFrame(outcome, result, latenessNanos, renderNanos);
        if (result == CompletionResult.COMPLETED) {
            completed++;
        } else if (result == CompletionResult.DISPLAYED_LATE) {
            lateSeen++;
            lastLateIndex = displayIndex;
            lastLateNanos = latenessNanos;
        }
        if (result != null && result.aired()) {
            latenessHistogram.observe(Math.max(0, latenessNanos) / 1e9);
        }
        if (renderNanos >= 0) {
            renderHistogram.observe(renderNanos / 1e9);
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
        List<String> render = new ArrayList<>(2);
        renderWatch.reasons(status.render(), nowMillis, render);
        health = HealthRules.evaluate(status.state(), status.failureReason(), ring.frames(w),
                ring.results(CompletionResult.DISPLAYED_LATE, w), ring.results(CompletionResult.DROPPED, w),
                ring.underruns(w), render, thresholds);
        if (!episodes.update(health)) {
            return null;
        }
        Map<String, Object> event = new HashMap<>();
        event.put("verdict", health.verdict().name());
        event.put("reasons", health.reasons().toArray(String[]::new));
        gates[EventKind.HEALTH.ordinal()].add(1, event);
        return health;
    }

    /**
     * Counts an observation of this channel and queues its event, if it has one.
     *
     * @return the kind of event queued, or {@code null}
     */
    synchronized EventKind observe(Observation observation) {
        Map<String, Object> event = new HashMap<>();
        event.put(Topics.PROPERTY_OBSERVATION, observation);
        EventKind kind = null;
        if (observation instanceof SwapObservation swap) {
            swaps++;
            event.put("kind", swap.kind().name());
            event.put("from", swap.fromId());
            event.put("to", swap.toId());
            event.put("atDisplayIndex", swap.atDisplayIndex());
            if (swap.reason() != null) {
                event.put("reason", swap.reason());
            }
            kind = EventKind.SWAP;
        } else if (observation instanceof UnderrunObservation u) {
            if (u.consecutive() == 1) {
                underrunStreaks++;
                event.put("action", u.action().name());
                kind = EventKind.UNDERRUN;
            }
        } else if (observation instanceof LifecycleObservation l) {
            event.put("from", String.valueOf(l.transition().from()));
            event.put("to", String.valueOf(l.transition().to()));
            event.put("reason", l.transition().reason());
            kind = EventKind.STATE;
        } else if (observation instanceof RecoveryObservation) {
            recoveries++;
        }
        if (kind != null) {
            gates[kind.ordinal()].add(1, event);
        }
        return kind;
    }

    /** Returns the properties of the {@code kind} event due now (rate limit permitting), or {@code null}. */
    synchronized Map<String, Object> pollEvent(EventKind kind, long nowNanos) {
        return gates[kind.ordinal()].poll(nowNanos);
    }

    /**
     * The per-second series of the last {@code seconds} up to the current second, after reading
     * the frame log up to its head so that the series is current at the time of the request.
     */
    synchronized BucketRing.Series series(int seconds, long nowMillis) {
        pollFrames(nowMillis);
        return ring.series(seconds);
    }

    synchronized ChannelSnapshot snapshot() {
        List<WindowStats> windows = new ArrayList<>(WINDOWS.length);
        for (int seconds : WINDOWS) {
            windows.add(window(seconds));
        }
        List<org.genlock.api.tap.TapStatus> taps;
        try {
            taps = backend.taps();
        } catch (RuntimeException e) {
            taps = List.of(); // a backend going away
        }
        org.genlock.api.backend.AudioStatus audio;
        try {
            audio = backend.audio();
        } catch (RuntimeException e) {
            audio = org.genlock.api.backend.AudioStatus.NONE; // a backend going away
        }
        return new ChannelSnapshot(channelId, status, health, windows, completed, overruns, swaps, underrunStreaks,
                recoveries, taps, audio);
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
