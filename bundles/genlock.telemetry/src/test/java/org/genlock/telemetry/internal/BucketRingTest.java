package org.genlock.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;

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
        assertEquals(0, ring.underruns(1), "a skip is not counted as an underrun (it may be a refused schedule)");
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

    /** One frame record at a second, for the brute-force reference. */
    record Rec(long second, FrameOutcome outcome, CompletionResult result, long latenessNanos, long renderNanos) {}

    @Test
    void seriesMatchesABruteForceReferenceOnRandomData() {
        Random random = new Random(7);
        BucketRing ring = new BucketRing();
        List<Rec> records = new ArrayList<>();
        Map<Long, List<Integer>> depths = new HashMap<>();
        FrameOutcome[] outcomes = FrameOutcome.values();
        CompletionResult[] results = CompletionResult.values();
        long second = 5_000;
        ring.advanceTo(second);
        // 900 s with gaps (seconds without records, jumps of several seconds), so the ring wraps.
        for (int step = 0; step < 900; step++) {
            second += random.nextInt(10) == 0 ? 1 + random.nextInt(5) : 1;
            ring.advanceTo(second);
            int n = random.nextInt(4) == 0 ? 0 : random.nextInt(60);
            for (int i = 0; i < n; i++) {
                FrameOutcome o = outcomes[random.nextInt(outcomes.length)];
                CompletionResult r = o == FrameOutcome.SKIP ? null : results[random.nextInt(results.length)];
                long late = random.nextLong(-5_000_000, 40_000_000);
                long render = o == FrameOutcome.FRESH && random.nextBoolean() ? random.nextLong(0, 30_000_000) : -1;
                ring.recordFrame(o, r, late, render);
                records.add(new Rec(second, o, r, late, render));
            }
            if (random.nextInt(3) > 0) {
                int depth = random.nextInt(9);
                ring.recordDepth(depth);
                depths.computeIfAbsent(second, k -> new ArrayList<>()).add(depth);
            }
        }
        for (int seconds : new int[] { 1, 10, 300, 600 }) {
            BucketRing.Series s = ring.series(seconds);
            assertEquals(seconds, s.length());
            assertEquals(second, s.seconds[seconds - 1], "the last element is the current second");
            for (int k = 0; k < seconds; k++) {
                long t = second - (seconds - 1) + k;
                assertEquals(t, s.seconds[k]);
                List<Rec> at = records.stream().filter(r -> r.second() == t).toList();
                assertEquals(at.size(), s.frames[k], "frames at " + t);
                assertEquals(at.stream().filter(r -> r.result() == CompletionResult.DISPLAYED_LATE).count(), s.late[k]);
                assertEquals(at.stream().filter(r -> r.result() == CompletionResult.DROPPED).count(), s.dropped[k]);
                assertEquals(at.stream().filter(r -> r.outcome() == FrameOutcome.REPEAT || r.outcome() == FrameOutcome.BLACK
                        || r.outcome() == FrameOutcome.SLATE).count(), s.underruns[k], "underruns: fills, not skips");
                List<Integer> d = depths.getOrDefault(t, List.of());
                assertEquals(d.isEmpty() ? Double.NaN : d.stream().mapToInt(Integer::intValue).average().orElseThrow(),
                        s.depthAverage[k], 1e-9, "depth average at " + t);
                assertEquals(d.isEmpty() ? Double.NaN : d.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                        s.depthMax[k], 0, "depth max at " + t);
                long[] renders = at.stream().mapToLong(Rec::renderNanos).filter(r -> r >= 0).toArray();
                assertEquals(renders.length == 0 ? Double.NaN : LongStream.of(renders).sum() / 1e6 / renders.length,
                        s.renderAverageMs[k], 1e-9, "render average at " + t);
                assertEquals(renders.length == 0 ? Double.NaN : LongStream.of(renders).max().orElseThrow() / 1e6,
                        s.renderMaxMs[k], 0, "render max at " + t);
                long[] aired = at.stream().filter(r -> r.result() != null && r.result().aired())
                        .mapToLong(r -> Math.max(0, r.latenessNanos())).toArray();
                assertEquals(aired.length == 0 ? Double.NaN : LongStream.of(aired).max().orElseThrow() / 1e6,
                        s.latenessMaxMs[k], 0, "lateness max at " + t);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ring.series(0));
        assertThrows(IllegalArgumentException.class, () -> ring.series(601));
    }

    @Test
    void seriesOfAFreshRingIsZeroCountsAndNothingMeasured() {
        BucketRing ring = new BucketRing();
        assertThrows(IllegalStateException.class, () -> ring.series(5));
        ring.advanceTo(42);
        BucketRing.Series s = ring.series(3);
        assertEquals(List.of(40L, 41L, 42L), LongStream.of(s.seconds).boxed().toList());
        assertEquals(0, LongStream.of(s.frames).sum());
        assertTrue(DoubleStream.of(s.renderAverageMs).allMatch(Double::isNaN));
        assertTrue(DoubleStream.of(s.depthMax).allMatch(Double::isNaN));
    }
}
