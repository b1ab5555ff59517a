package org.genlock.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.HdrHistogram.AbstractHistogram;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.junit.jupiter.api.Test;

class BucketRingTest {

    private static void frames(BucketRing ring, int n, FrameOutcome outcome, CompletionResult result) {
        for (int i = 0; i < n; i++) {
            ring.recordFrame(outcome, result, 0, outcome == FrameOutcome.FRESH ? 1_000_000 : -1);
        }
    }

    @Test
    void windowsSumTheirSecondsOnly() {
        BucketRing ring = new BucketRing();
        // One late completion in each of 700 consecutive seconds.
        for (long s = 1000; s < 1700; s++) {
            ring.advanceTo(s);
            frames(ring, 1, FrameOutcome.FRESH, CompletionResult.DISPLAYED_LATE);
        }
        assertEquals(10, ring.results(CompletionResult.DISPLAYED_LATE, 10));
        assertEquals(60, ring.results(CompletionResult.DISPLAYED_LATE, 60));
        assertEquals(600, ring.results(CompletionResult.DISPLAYED_LATE, 600), "older than 10 min rolled out");
        assertEquals(600, ring.outcomes(FrameOutcome.FRESH, 600));
        assertEquals(0, ring.results(CompletionResult.DROPPED, 600));
    }

    @Test
    void bucketsPassedOverAreCleared() {
        BucketRing ring = new BucketRing();
        ring.advanceTo(0);
        frames(ring, 5, FrameOutcome.REPEAT, CompletionResult.COMPLETED);
        ring.advanceTo(5);
        frames(ring, 2, FrameOutcome.FRESH, CompletionResult.DROPPED);
        assertEquals(5, ring.underruns(10));
        assertEquals(7, ring.frames(10));
        assertEquals(2, ring.frames(5), "the last 5 s are seconds 1..5");
        ring.advanceTo(12);
        assertEquals(0, ring.underruns(10), "second 0 left the 10 s window");
        assertEquals(2, ring.results(CompletionResult.DROPPED, 10));
        assertEquals(5, ring.underruns(60));
        // A jump beyond the whole ring clears everything, and the same slot reused later starts at 0.
        ring.advanceTo(5 + BucketRing.SECONDS);
        assertEquals(0, ring.frames(600));
        frames(ring, 1, FrameOutcome.SKIP, null);
        assertEquals(1, ring.outcomes(FrameOutcome.SKIP, 1));
        assertEquals(0, ring.results(CompletionResult.DROPPED, 600));
    }

    @Test
    void clockSteppingBackRecordsIntoTheCurrentSecond() {
        BucketRing ring = new BucketRing();
        ring.advanceTo(100);
        ring.advanceTo(90);
        frames(ring, 3, FrameOutcome.BLACK, CompletionResult.COMPLETED);
        assertEquals(100, ring.currentSecond());
        assertEquals(3, ring.outcomes(FrameOutcome.BLACK, 1));
    }

    @Test
    void depthSamplesAverageAndMax() {
        BucketRing ring = new BucketRing();
        ring.advanceTo(0);
        ring.recordDepth(2);
        ring.advanceTo(1);
        ring.recordDepth(4);
        ring.recordDepth(6);
        assertEquals(4.0, ring.depthAverage(10), 1e-9);
        assertEquals(6, ring.depthMax(10));
        assertEquals(5.0, ring.depthAverage(1), 1e-9);
    }

    @Test
    void badWindowIsRejectedWithTheAllowedRange() {
        BucketRing ring = new BucketRing();
        ring.advanceTo(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ring.renderInto(61, BucketRing.newHistogram()));
        assertEquals("window of 61 s; allowed 1..60", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ring.frames(601));
    }

    @Test
    void percentilesMatchABruteForceReferenceOnRandomData() {
        Random random = new Random(42);
        BucketRing ring = new BucketRing();
        int n = 20_000;
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            ring.advanceTo(i / 500); // 40 seconds of 500 records
            long nanos = (long) (Math.exp(random.nextGaussian() * 1.2 + Math.log(8_000_000)));
            ring.recordFrame(FrameOutcome.FRESH, CompletionResult.COMPLETED, nanos, nanos);
            micros[i] = BucketRing.micros(nanos);
        }
        Arrays.sort(micros);
        AbstractHistogram merged = ring.renderInto(60, BucketRing.newHistogram());
        assertEquals(n, merged.getTotalCount());
        Quantiles q = Quantiles.of(merged);
        for (double[] pq : new double[][] { { 50, q.p50() }, { 90, q.p90() }, { 99, q.p99() } }) {
            long reference = micros[(int) Math.ceil(pq[0] / 100.0 * n) - 1];
            double got = pq[1] * 1e6;
            // Two significant digits: within 1 % (plus rounding of one microsecond).
            assertEquals(reference, got, reference * 0.01 + 1, "p" + pq[0]);
        }
        Quantiles lateness = Quantiles.of(ring.latenessInto(60, BucketRing.newHistogram()));
        assertEquals(q, lateness, "the same values recorded as lateness give the same quantiles");
        // Only the last 10 s: 5000 records.
        assertEquals(5000, ring.renderInto(10, BucketRing.newHistogram()).getTotalCount());
    }

    @Test
    void earlyFramesCountAsZeroLatenessAndHugeValuesAreClamped() {
        BucketRing ring = new BucketRing();
        ring.advanceTo(0);
        ring.recordFrame(FrameOutcome.FRESH, CompletionResult.COMPLETED, -5_000_000, Long.MAX_VALUE);
        AbstractHistogram lateness = ring.latenessInto(1, BucketRing.newHistogram());
        assertEquals(0, lateness.getMaxValue());
        AbstractHistogram render = ring.renderInto(1, BucketRing.newHistogram());
        assertEquals(true, render.valuesAreEquivalent(BucketRing.HIGHEST_MICROS, render.getMaxValue()));
    }
}
