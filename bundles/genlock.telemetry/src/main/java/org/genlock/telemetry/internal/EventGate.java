package org.genlock.telemetry.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Rate limit of one channel's events on one topic: at most {@code perInterval} events per
 * interval. Occurrences beyond the limit are not lost but summarised: they stay pending, and
 * the next event that goes out carries the latest occurrence's properties with
 * {@value #COUNT} = the number of occurrences it stands for. So the {@value #COUNT}s of a
 * topic's events add up to every occurrence, however bursty.
 *
 * <p>Not thread-safe: the owner ({@link ChannelTelemetry}) serialises access.
 */
final class EventGate {

    /** Event property: occurrences this event stands for (a Long, at least 1). */
    static final String COUNT = "count";

    private final int perInterval;
    private final long intervalNanos;
    private boolean started;
    private long windowStart;
    private int sentInWindow;
    private long pending;
    private Map<String, Object> latest;

    EventGate(int perInterval, long intervalNanos) {
        if (perInterval < 1 || intervalNanos < 1) {
            throw new IllegalArgumentException("EventGate: perInterval (" + perInterval + ") and intervalNanos ("
                    + intervalNanos + ") must be at least 1");
        }
        this.perInterval = perInterval;
        this.intervalNanos = intervalNanos;
    }

    /** Adds {@code occurrences} whose latest has {@code properties} (kept, not copied). */
    void add(long occurrences, Map<String, Object> properties) {
        pending += occurrences;
        latest = properties;
    }

    /** Returns the properties of the event to post now (with {@value #COUNT}), or {@code null}. */
    Map<String, Object> poll(long nowNanos) {
        if (pending == 0) {
            return null;
        }
        if (!started || nowNanos - windowStart >= intervalNanos) {
            started = true;
            windowStart = nowNanos;
            sentInWindow = 0;
        }
        if (sentInWindow >= perInterval) {
            return null;
        }
        sentInWindow++;
        Map<String, Object> event = new HashMap<>(latest);
        event.put(COUNT, pending);
        pending = 0;
        latest = null;
        return event;
    }

    /** Occurrences not posted yet. */
    long pending() {
        return pending;
    }
}
