package org.genlock.telemetry.internal;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

/**
 * Rolling per-second statistics of one channel: a ring of 1-second buckets (counts, depth,
 * render time sum/count/max and lateness max for the last 10 minutes; render and lateness
 * histograms for the last minute), all preallocated and reused so that recording a frame
 * record allocates nothing.
 *
 * <p>Not thread-safe: the owner ({@link ChannelTelemetry}) serialises access.
 */
final class BucketRing {

    /** Seconds of counts held: the longest window, 10 minutes. */
    static final int SECONDS = 600;
    /** Seconds of histograms held: the quantile window, 1 minute (histograms are large). */
    static final int HISTOGRAM_SECONDS = 60;
    /** Highest value the histograms track, in microseconds (60 s); larger values are clamped. */
    static final long HIGHEST_MICROS = 60_000_000L;
    /** Significant digits of the histograms: 1 % resolution. */
    static final int DIGITS = 2;

    private static final int OUTCOMES = FrameOutcome.values().length;
    private static final int RESULTS = CompletionResult.values().length;

    private final long[][] outcomes = new long[SECONDS][OUTCOMES];
    private final long[][] results = new long[SECONDS][RESULTS];
    private final long[] underruns = new long[SECONDS];
    private final long[] depthSum = new long[SECONDS];
    private final long[] depthSamples = new long[SECONDS];
    private final int[] depthMax = new int[SECONDS];
    private final long[] renderCount = new long[SECONDS];
    private final long[] renderSumNanos = new long[SECONDS];
    private final long[] renderMaxNanos = new long[SECONDS];
    private final long[] latenessCount = new long[SECONDS];
    private final long[] latenessMaxNanos = new long[SECONDS];
    private final AbstractHistogram[] render = new AbstractHistogram[HISTOGRAM_SECONDS];
    private final AbstractHistogram[] lateness = new AbstractHistogram[HISTOGRAM_SECONDS];
    private long current = Long.MIN_VALUE;

    BucketRing() {
        for (int i = 0; i < HISTOGRAM_SECONDS; i++) {
            render[i] = newHistogram();
            lateness[i] = newHistogram();
        }
    }

    /** A histogram with the ring's range and precision, for merging windows into. */
    static AbstractHistogram newHistogram() {
        return new IntCountsHistogram(1, HIGHEST_MICROS, DIGITS);
    }

    /**
     * Moves the ring to {@code second} (epoch seconds), clearing the buckets of the seconds
     * passed over. A second earlier than the current one is ignored (clock stepped back: the
     * record goes to the current bucket).
     */
    void advanceTo(long second) {
        if (current == Long.MIN_VALUE) {
            current = second;
            clear(second);
            return;
        }
        if (second <= current) {
            return;
        }
        long from = Math.max(current + 1, second - SECONDS + 1);
        for (long s = from; s <= second; s++) {
            clear(s);
        }
        current = second;
    }

    long currentSecond() {
        return current;
    }

    private void clear(long second) {
        int i = slot(second);
        java.util.Arrays.fill(outcomes[i], 0);
        java.util.Arrays.fill(results[i], 0);
        underruns[i] = 0;
        depthSum[i] = 0;
        depthSamples[i] = 0;
        depthMax[i] = 0;
        renderCount[i] = 0;
        renderSumNanos[i] = 0;
        renderMaxNanos[i] = 0;
        latenessCount[i] = 0;
        latenessMaxNanos[i] = 0;
        int h = histogramSlot(second);
        render[h].reset();
        lateness[h].reset();
    }

    private static int slot(long second) {
        return (int) Math.floorMod(second, (long) SECONDS);
    }

    private static int histogramSlot(long second) {
        return (int) Math.floorMod(second, (long) HISTOGRAM_SECONDS);
    }

    /**
     * Records one frame record into the current bucket. {@code result} is {@code null} for a
     * skip; {@code renderNanos < 0} means not freshly rendered; negative lateness (early)
     * counts as 0 late.
     */
    void recordFrame(FrameOutcome outcome, CompletionResult result, long latenessNanos, long renderNanos) {
        requireStarted();
        int i = slot(current);
        outcomes[i][outcome.ordinal()]++;
        if (isFill(outcome)) {
            underruns[i]++;
        }
        int h = histogramSlot(current);
        if (result != null) {
            results[i][result.ordinal()]++;
            if (result.aired()) {
                long late = Math.max(0, latenessNanos);
                lateness[h].recordValue(micros(late));
                latenessCount[i]++;
                latenessMaxNanos[i] = Math.max(latenessMaxNanos[i], late);
            }
        }
        if (renderNanos >= 0) {
            render[h].recordValue(micros(renderNanos));
            renderCount[i]++;
            renderSumNanos[i] += renderNanos;
            renderMaxNanos[i] = Math.max(renderMaxNanos[i], renderNanos);
        }
    }

    /**
     * Whether a record is an underrun: a fill (repeat, black, slate) aired instead of a fresh
     * frame. A SKIP is not counted: the frame log does not tell a skip chosen for an underrun
     * from a schedule the device refused (which the backend does not count as an underrun),
     * and refusals are the more common kind; skips show as frames with outcome "skip".
     */
    static boolean isFill(FrameOutcome outcome) {
        return outcome == FrameOutcome.REPEAT || outcome == FrameOutcome.BLACK || outcome == FrameOutcome.SLATE;
    }

    /** Records a ready queue depth sample into the current bucket. */
    void recordDepth(int depth) {
        requireStarted();
        int i = slot(current);
        depthSum[i] += depth;
        depthSamples[i]++;
        depthMax[i] = Math.max(depthMax[i], depth);
    }

    private void requireStarted() {
        if (current == Long.MIN_VALUE) {
            throw new IllegalStateException("BucketRing: advanceTo(second) must be called before recording or reading a series");
        }
    }

    static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }

    private int checkedWindow(int seconds, int limit) {
        if (seconds < 1 || seconds > limit) {
            throw new IllegalArgumentException("window of " + seconds + " s; allowed 1.." + limit);
        }
        return seconds;
    }

    /** Frames with {@code outcome} in the last {@code seconds} (including the current one). */
    long outcomes(FrameOutcome outcome, int seconds) {
        long sum = 0;
        for (int k = 0, n = checkedWindow(seconds, SECONDS); k < n && current != Long.MIN_VALUE; k++) {
            sum += outcomes[slot(current - k)][outcome.ordinal()];
        }
        return sum;
    }

    /** Completions with {@code result} in the last {@code seconds}. */
    long results(CompletionResult result, int seconds) {
        long sum = 0;
        for (int k = 0, n = checkedWindow(seconds, SECONDS); k < n && current != Long.MIN_VALUE; k++) {
            sum += results[slot(current - k)][result.ordinal()];
        }
        return sum;
    }

    /** Underrun fills ({@link #isFill}) in the last {@code seconds}. */
    long underruns(int seconds) {
        long sum = 0;
        for (int k = 0, n = checkedWindow(seconds, SECONDS); k < n && current != Long.MIN_VALUE; k++) {
            sum += underruns[slot(current - k)];
        }
        return sum;
    }

    /** All frame records in the last {@code seconds}. */
    long frames(int seconds) {
        long sum = 0;
        for (FrameOutcome o : FrameOutcome.values()) {
            sum += outcomes(o, seconds);
        }
        return sum;
    }

    /** Mean ready depth over the samples of the last {@code seconds}, or 0 without samples. */
    double depthAverage(int seconds) {
        long sum = 0;
        long count = 0;
        for (int k = 0, n = checkedWindow(seconds, SECONDS); k < n && current != Long.MIN_VALUE; k++) {
            int i = slot(current - k);
            sum += depthSum[i];
            count += depthSamples[i];
        }
        return count == 0 ? 0 : (double) sum / count;
    }

    /** Highest ready depth sampled in the last {@code seconds}. */
    int depthMax(int seconds) {
        int max = 0;
        for (int k = 0, n = checkedWindow(seconds, SECONDS); k < n && current != Long.MIN_VALUE; k++) {
            max = Math.max(max, depthMax[slot(current - k)]);
        }
        return max;
    }

    /** Merges the render times (µs) of the last {@code seconds} into {@code target} (reset first). */
    AbstractHistogram renderInto(int seconds, AbstractHistogram target) {
        return merge(render, seconds, target);
    }

    /** Merges the lateness (µs, early counts as 0) of the last {@code seconds} into {@code target}. */
    AbstractHistogram latenessInto(int seconds, AbstractHistogram target) {
        return merge(lateness, seconds, target);
    }

    private AbstractHistogram merge(AbstractHistogram[] ring, int seconds, AbstractHistogram target) {
        target.reset();
        for (int k = 0, n = checkedWindow(seconds, HISTOGRAM_SECONDS); k < n && current != Long.MIN_VALUE; k++) {
            target.add(ring[histogramSlot(current - k)]);
        }
        return target;
    }

    /**
     * The per-second values of the last {@code seconds} (oldest first, ending with the current
     * second). Called off the hot path (HTTP threads, under the owner's monitor); allocates the
     * arrays it returns.
     */
    Series series(int seconds) {
        int n = checkedWindow(seconds, SECONDS);
        requireStarted();
        Series s = new Series(n);
        for (int k = 0; k < n; k++) {
            long second = current - (n - 1) + k;
            int i = slot(second);
            s.seconds[k] = second;
            long frames = 0;
            for (long count : outcomes[i]) {
                frames += count;
            }
            s.frames[k] = frames;
            s.late[k] = results[i][CompletionResult.DISPLAYED_LATE.ordinal()];
            s.dropped[k] = results[i][CompletionResult.DROPPED.ordinal()];
            s.underruns[k] = underruns[i];
            s.depthAverage[k] = depthSamples[i] == 0 ? Double.NaN : (double) depthSum[i] / depthSamples[i];
            s.depthMax[k] = depthSamples[i] == 0 ? Double.NaN : depthMax[i];
            s.renderAverageMs[k] = renderCount[i] == 0 ? Double.NaN : renderSumNanos[i] / 1e6 / renderCount[i];
            s.renderMaxMs[k] = renderCount[i] == 0 ? Double.NaN : renderMaxNanos[i] / 1e6;
            s.latenessMaxMs[k] = latenessCount[i] == 0 ? Double.NaN : latenessMaxNanos[i] / 1e6;
        }
        return s;
    }

    /**
     * Per-second values, all arrays of the same length, index 0 the oldest second. Measured
     * values are {@code NaN} for a second in which nothing was measured (no depth sample, no
     * frame rendered, no frame aired); counts are 0 then.
     */
    static final class Series {
        final long[] seconds;
        final long[] frames;
        final long[] late;
        final long[] dropped;
        final long[] underruns;
        final double[] depthAverage;
        final double[] depthMax;
        final double[] renderAverageMs;
        final double[] renderMaxMs;
        final double[] latenessMaxMs;

        Series(int n) {
            seconds = new long[n];
            frames = new long[n];
            late = new long[n];
            dropped = new long[n];
            underruns = new long[n];
            depthAverage = new double[n];
            depthMax = new double[n];
            renderAverageMs = new double[n];
            renderMaxMs = new double[n];
            latenessMaxMs = new double[n];
        }

        int length() {
            return seconds.length;
        }
    }
}
