package org.genlock.telemetry.internal;

import java.util.function.Consumer;

/**
 * Remembers a channel's verdict and reports a change once per episode: entering DEGRADED
 * logs once however many frames stay bad, a later return to OK logs once again.
 */
final class EpisodeLog {

    private final String channelId;
    private final Consumer<String> log;
    private Verdict current = Verdict.OK;

    EpisodeLog(String channelId, Consumer<String> log) {
        this.channelId = channelId;
        this.log = log;
    }

    /** Returns whether the verdict changed (and logs it if so). */
    boolean update(Health health) {
        if (health.verdict() == current) {
            return false;
        }
        log.accept("channel " + channelId + " health " + current + " -> " + health.verdict()
                + (health.reasons().isEmpty() ? "" : ": " + String.join("; ", health.reasons())));
        current = health.verdict();
        return true;
    }

    Verdict current() {
        return current;
    }
}
