package org.genlock.telemetry.internal;

import org.HdrHistogram.AbstractHistogram;

/**
 * Quantiles of a distribution in seconds.
 *
 * @param count values in the distribution
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param max   largest value
 */
record Quantiles(long count, double p50, double p90, double p99, double max) {

    static final Quantiles EMPTY = new Quantiles(0, 0, 0, 0, 0);

    /** Reads a histogram of microseconds. */
    static Quantiles of(AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Quantiles(micros.getTotalCount(), seconds(micros.getValueAtPercentile(50)),
                seconds(micros.getValueAtPercentile(90)), seconds(micros.getValueAtPercentile(99)),
                seconds(micros.getMaxValue()));
    }

    private static double seconds(long micros) {
        return micros / 1e6;
    }
}
