package org.genlock.telemetry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.genlock.api.backend.BackendState;

/** Computes a channel's verdict from its state, the counts of the last 10 s and its render feed. */
final class HealthRules {

    static final int WINDOW_SECONDS = 10;

    private HealthRules() {}

    /**
     * @param state         the channel state, or {@code null} if not known yet
     * @param failureReason why the channel failed, or {@code null}
     * @param frames        frame records in the last 10 s
     * @param late          late completions in the last 10 s
     * @param dropped       dropped completions in the last 10 s
     * @param underruns     display indices without a fresh frame in the last 10 s
     * @param render        reasons from the render feed ({@link RenderWatch}), possibly empty
     */
    static Health evaluate(BackendState state, String failureReason, long frames, long late, long dropped,
            long underruns, List<String> render, Thresholds t) {
        if (state == BackendState.FAILED) {
            return new Health(Verdict.FAILED, List.of(failureReason == null ? "channel state FAILED"
                    : "channel state FAILED: " + failureReason));
        }
        List<String> reasons = new ArrayList<>(4);
        if (late > t.lateFramesPer10s()) {
            reasons.add(late + " late frames in last 10 s");
        }
        if (dropped > t.droppedFramesPer10s()) {
            reasons.add(dropped + " dropped frames in last 10 s");
        }
        if (frames > 0 && underruns * 100.0 / frames > t.underrunRatioPercent()) {
            reasons.add(String.format(Locale.ROOT, "%d underruns in last 10 s (%.1f %% of frames)", underruns,
                    underruns * 100.0 / frames));
        }
        reasons.addAll(render);
        if (state == BackendState.DEGRADED) {
            reasons.add("channel state DEGRADED");
        }
        return reasons.isEmpty() ? Health.OK : new Health(Verdict.DEGRADED, reasons);
    }
}
