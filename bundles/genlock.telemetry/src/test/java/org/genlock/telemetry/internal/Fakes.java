package org.genlock.telemetry.internal;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.backend.RenderFeedStatus;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/** Fakes of a channel backend and its frame log for unit tests. */
final class Fakes {

    private Fakes() {}

    /** One frame record. */
    record Rec(FrameOutcome outcome, CompletionResult result, long latenessNanos, long renderNanos) {}

    /** A frame log holding the last {@code capacity} records of a growing list. */
    static final class Log implements FrameLog {
        final List<Rec> records = new ArrayList<>();
        final int capacity;

        Log(int capacity) {
            this.capacity = capacity;
        }

        void add(FrameOutcome outcome, CompletionResult result, long latenessNanos, long renderNanos) {
            records.add(new Rec(outcome, result, latenessNanos, renderNanos));
        }

        @Override
        public long head() {
            return records.size();
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public long read(long from, FrameRecordVisitor visitor, int max) {
            if (from < 0 || from > head()) {
                throw new IllegalArgumentException("fromSequence " + from);
            }
            if (from < oldest()) {
                visitor.overrun(oldest() - from);
                from = oldest();
            }
            long end = Math.min(head(), from + Math.max(0, max));
            for (long s = from; s < end; s++) {
                Rec r = records.get((int) s);
                visitor.frame(s, s, r.outcome(), r.result(), r.latenessNanos(), r.renderNanos(), 1, 1, 1, 1);
            }
            return end;
        }
    }

    /** A backend whose status is set by the test. */
    static final class Backend implements VideoBackend {
        final String id;
        final Log log = new Log(1000);
        volatile BackendState state = BackendState.RUNNING;
        volatile FrameCounters counters = FrameCounters.ZERO;
        volatile int readyDepth = 3;
        volatile PoolStatus pool = new PoolStatus(12, 4, 1, 3, 4, 0);
        volatile EngineCounters engine = EngineCounters.ZERO;
        volatile RenderFeedStatus render = RenderFeedStatus.NONE;
        volatile String failureReason;

        Backend(String id) {
            this.id = id;
        }

        @Override
        public String channelId() {
            return id;
        }

        @Override
        public BackendState state() {
            return state;
        }

        @Override
        public ChannelStatus status() {
            return new ChannelStatus(id, state, null, "clock", "software", "standard", "repeat", 100, counters,
                    readyDepth, 4, 8, pool, Instant.EPOCH, engine, render, failureReason, 80_000_000);
        }

        @Override
        public FrameLog frameLog() {
            return log;
        }

        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public List<StateTransition> recentTransitions() {
            return List.of();
        }

        @Override
        public Optional<PreviewFrame> preview(int maxWidth, int maxHeight, long timeoutMillis) {
            return Optional.empty();
        }
    }

    /** A configuration with the given thresholds. */
    static TelemetryConfig config(int late, int dropped, double ratio) {
        return new TelemetryConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TelemetryConfig.class;
            }

            @Override
            public int lateFramesPer10s() {
                return late;
            }

            @Override
            public int droppedFramesPer10s() {
                return dropped;
            }

            @Override
            public double underrunRatioPercent() {
                return ratio;
            }
        };
    }
}
