package org.genlock.telemetry.internal;

import java.util.List;
import java.util.Objects;

import org.genlock.api.backend.RenderFeedStatus;

/**
 * Watches one channel's render feed across status polls for the two things a verdict must
 * show: an automatic renderer fallback within the verdict's window, and a renderer that has
 * been on probation (selected, but not yet airing) for longer than {@link #PROBATION_MILLIS}.
 * Called on the telemetry thread only, under the channel's monitor.
 */
final class RenderWatch {

    /** A candidate still on probation after this long is worth a reason. */
    static final long PROBATION_MILLIS = 5_000;

    private String candidate;
    private long candidateSinceMillis;
    private String fallbackReason;
    private long fallbackMillis;

    /**
     * Takes one status poll's render feed and adds the reasons it gives to {@code reasons}.
     *
     * @param render    the render feed status
     * @param nowMillis the wall clock of the poll
     * @param reasons   the verdict's reasons so far
     */
    void reasons(RenderFeedStatus render, long nowMillis, List<String> reasons) {
        String c = render.candidateRendererId();
        if (c == null) {
            candidate = null;
        } else if (!c.equals(candidate)) {
            candidate = c;
            candidateSinceMillis = nowMillis;
        }
        String reason = render.fallbackReason();
        if (reason != null && (!Objects.equals(reason, fallbackReason) || render.fallbackTime() != null
                && render.fallbackTime().toEpochMilli() != fallbackMillis)) {
            fallbackReason = reason;
            // the backend stamps a fallback; one without a time counts from when it was first seen
            fallbackMillis = render.fallbackTime() != null ? render.fallbackTime().toEpochMilli() : nowMillis;
        }
        long window = HealthRules.WINDOW_SECONDS * 1000L;
        if (fallbackReason != null && nowMillis - fallbackMillis < window) {
            reasons.add("renderer fallback in last " + HealthRules.WINDOW_SECONDS + " s: " + fallbackReason);
        }
        if (candidate != null && nowMillis - candidateSinceMillis > PROBATION_MILLIS) {
            reasons.add("renderer " + candidate + " on probation for " + (nowMillis - candidateSinceMillis) / 1000
                    + " s (its frames do not air yet)");
        }
    }
}
