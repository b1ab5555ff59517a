package org.genlock.benchmark.probe.internal;

/** Nearest-rank percentiles of a sorted sample, in microseconds for the report. */
record Percentiles(long count, double p50Micros, double p99Micros, double maxMicros) {

    static Percentiles of(long[] sortedNanos) {
        int n = sortedNanos.length;
        if (n == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(n, rank(sortedNanos, 0.50) / 1e3, rank(sortedNanos, 0.99) / 1e3,
                sortedNanos[n - 1] / 1e3);
    }

    /** The smallest value with at least {@code p} of the sample at or below it. */
    static long rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
