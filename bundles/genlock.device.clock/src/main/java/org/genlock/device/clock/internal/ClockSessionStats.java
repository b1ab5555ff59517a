package org.genlock.device.clock.internal;

import java.util.List;
import java.util.Locale;

/**
 * A snapshot of one clock session's self-measurement, built on the caller's thread.
 *
 * @param session              the session's name (its pacing thread's name)
 * @param aired                frames put on air (including one later flushed while on air)
 * @param completed            completions reported {@code COMPLETED}
 * @param late                 completions reported {@code DISPLAYED_LATE}
 * @param dropped              completions reported {@code DROPPED}
 * @param flushed              completions reported {@code FLUSHED}
 * @param underflows           slots processed with no frame buffered for them (the previous picture
 *                             stayed on air)
 * @param missedSlots          slots that ended before the pacing thread woke (paced mode)
 * @param wakeups              deadline wake-ups measured (paced mode)
 * @param maxLatenessNanos     the largest wake-up lateness after a deadline
 * @param meanLatenessNanos    the mean wake-up lateness
 * @param latenessHistogram    wake-up counts per bucket; bucket {@code i} counts lateness below
 *                             {@link #BUCKET_LIMITS_NANOS}{@code [i]}, the last one everything above
 */
public record ClockSessionStats(String session, long aired, long completed, long late, long dropped,
        long flushed, long underflows, long missedSlots, long wakeups, long maxLatenessNanos,
        long meanLatenessNanos, List<Long> latenessHistogram) {

    /** Upper bounds (exclusive) of the lateness buckets but the last, in nanoseconds. */
    public static final List<Long> BUCKET_LIMITS_NANOS = List.of(10_000L, 50_000L, 100_000L, 250_000L, 500_000L,
            1_000_000L, 2_000_000L, 5_000_000L, 10_000_000L);

    /** Copies the histogram. */
    public ClockSessionStats {
        latenessHistogram = List.copyOf(latenessHistogram);
    }

    /**
     * Returns the total number of completions reported.
     *
     * @return completed + late + dropped + flushed
     */
    public long completions() {
        return completed + late + dropped + flushed;
    }

    /**
     * Returns a one-line summary for logs.
     *
     * @return the summary
     */
    public String summary() {
        return String.format(Locale.ROOT,
                "%s: aired %d, completed %d, late %d, dropped %d, flushed %d, underflows %d, missed slots %d; "
                        + "wake-up lateness over %d deadlines: max %.3f ms, mean %.3f ms, histogram %s (limits µs %s)",
                session, aired, completed, late, dropped, flushed, underflows, missedSlots, wakeups,
                maxLatenessNanos / 1e6, meanLatenessNanos / 1e6, latenessHistogram,
                BUCKET_LIMITS_NANOS.stream().map(n -> n / 1000).toList());
    }
}
