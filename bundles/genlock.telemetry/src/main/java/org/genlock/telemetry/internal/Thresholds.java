package org.genlock.telemetry.internal;

import org.genlock.support.ConfigCheck;

/**
 * The validated verdict thresholds: a channel is DEGRADED when a count in the last 10 s
 * exceeds its threshold.
 *
 * @param lateFramesPer10s     late completions tolerated per 10 s
 * @param droppedFramesPer10s  dropped completions tolerated per 10 s
 * @param underrunRatioPercent underruns tolerated, in percent of the frames of the last 10 s
 */
record Thresholds(int lateFramesPer10s, int droppedFramesPer10s, double underrunRatioPercent) {

    static final int MAX_FRAMES = 100_000;
    static final Thresholds DEFAULTS = new Thresholds(1, 1, 1.0);

    /** Validates a complete configuration; throws ConfigRejected naming the first bad key. */
    static Thresholds of(TelemetryConfig config) {
        ConfigCheck check = ConfigCheck.of(HealthTelemetry.PID);
        int late = check.range("lateFramesPer10s", config.lateFramesPer10s(), 0, MAX_FRAMES);
        int dropped = check.range("droppedFramesPer10s", config.droppedFramesPer10s(), 0, MAX_FRAMES);
        double ratio = config.underrunRatioPercent();
        if (Double.isNaN(ratio)) {
            throw check.reject("underrunRatioPercent", ratio, "a number in 0.0..100.0");
        }
        ratio = check.range("underrunRatioPercent", ratio, 0.0, 100.0);
        return new Thresholds(late, dropped, ratio);
    }
}
