package org.genlock.device.clock.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import org.genlock.api.device.CompletionResult;

/**
 * A session's counters: written by its pacing thread only (so plain read-modify-write of
 * volatile fields is safe), read by any thread through {@link #snapshot}. Nothing allocates
 * on the writing side.
 */
final class SessionCounters {

    private static final long[] LIMITS = ClockSessionStats.BUCKET_LIMITS_NANOS.stream()
            .mapToLong(Long::longValue).toArray();

    private volatile long aired;
    private volatile long completed;
    private volatile long late;
    private volatile long dropped;
    private volatile long flushed;
    private volatile long underflows;
    private volatile long missedSlots;
    private volatile long wakeups;
    private volatile long latenessSum;
    private volatile long latenessMax;
    private final AtomicLongArray histogram = new AtomicLongArray(LIMITS.length + 1);

    void aired() {
        aired = aired + 1;
    }

    void underflow() {
        underflows = underflows + 1;
    }

    void completion(CompletionResult result) {
        switch (result) {
            case COMPLETED -> completed = completed + 1;
            case DISPLAYED_LATE -> late = late + 1;
            case DROPPED -> dropped = dropped + 1;
            case FLUSHED -> flushed = flushed + 1;
            default -> throw new IllegalArgumentException("unknown completion result " + result);
        }
    }

    /**
     * Records a deadline wake-up.
     *
     * @param latenessNanos how long after the deadline the thread woke
     * @param missed        slots that had ended entirely before it woke
     */
    void wakeup(long latenessNanos, long missed) {
        long l = Math.max(0, latenessNanos);
        wakeups = wakeups + 1;
        latenessSum = latenessSum + l;
        if (l > latenessMax) {
            latenessMax = l;
        }
        missedSlots = missedSlots + missed;
        int b = 0;
        while (b < LIMITS.length && l >= LIMITS[b]) {
            b++;
        }
        histogram.lazySet(b, histogram.get(b) + 1);
    }

    ClockSessionStats snapshot(String session) {
        long n = wakeups;
        List<Long> h = new ArrayList<>(histogram.length());
        for (int i = 0; i < histogram.length(); i++) {
            h.add(histogram.get(i));
        }
        return new ClockSessionStats(session, aired, completed, late, dropped, flushed, underflows, missedSlots, n,
                latenessMax, n == 0 ? 0 : latenessSum / n, h);
    }
}
