package org.genlock.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** The EBU Tech 3341 loudness cases that can be generated, peaks, and the meter's contract. */
class LoudnessMeterTest {

    static final double TECH_3341 = 0.1;

    static LoudnessMeter stereo() {
        return new LoudnessMeter(LoudnessLayout.standard(2));
    }

    @Test
    void sineAtMinus23DbfsIsMinus23Lufs() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.sine(-23), 0, Pcm.samples(20), 1920);
        LoudnessSnapshot s = meter.snapshot();
        assertEquals(-23.0, s.momentaryLufs(0), TECH_3341, s::toString);
        assertEquals(-23.0, s.shortTermLufs(0), TECH_3341, s::toString);
        assertEquals(-23.0, s.integratedLufs(0), TECH_3341, s::toString);
        assertEquals(Pcm.samples(20), s.samples());
    }

    @Test
    void sineAtMinus33DbfsIsMinus33Lufs() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.sine(-33), 0, Pcm.samples(20), 960);
        LoudnessSnapshot s = meter.snapshot();
        assertEquals(-33.0, s.momentaryLufs(0), TECH_3341, s::toString);
        assertEquals(-33.0, s.shortTermLufs(0), TECH_3341, s::toString);
        assertEquals(-33.0, s.integratedLufs(0), TECH_3341, s::toString);
    }

    /** Tech 3341 case 3: the -36 dBFS parts fall under the relative gate (-24.2 - 10 LU). */
    @Test
    void relativeGateDropsTheQuietParts() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.steps(new double[] { -36, -23, -36 }, new double[] { 10, 60, 10 }), 0,
                Pcm.samples(80), 1601, 1602, 1601, 1602, 1602);
        assertEquals(-23.0, meter.snapshot().integratedLufs(0), TECH_3341);
    }

    /** Tech 3341 case 4: -72 dBFS is under the absolute gate, -36 under the relative one. */
    @Test
    void absoluteGateDropsBlocksUnderMinus70() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.steps(new double[] { -72, -36, -23, -36, -72 }, new double[] { 10, 10, 60, 10, 10 }),
                0, Pcm.samples(100), 1920);
        assertEquals(-23.0, meter.snapshot().integratedLufs(0), TECH_3341);
    }

    /**
     * In case 4 the relative gate alone would also drop the -72 parts. Here it would not:
     * -75 is within 10 LU of the mean of -75 and -65 (-67.6), so only the absolute gate
     * keeps I at -65; a programme entirely under -70 has no integrated loudness.
     */
    @Test
    void absoluteGateAloneDropsVeryQuietParts() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.steps(new double[] { -75, -65 }, new double[] { 10, 10 }), 0, Pcm.samples(20), 1920);
        assertEquals(-65.0, meter.snapshot().integratedLufs(0), TECH_3341);
        LoudnessMeter quiet = stereo();
        Pcm.feed(quiet, Pcm.sine(-75), 0, Pcm.samples(5), 1920);
        assertEquals(Double.NEGATIVE_INFINITY, quiet.snapshot().integratedLufs(0));
        assertEquals(-75.0, quiet.snapshot().momentaryLufs(0), TECH_3341);
    }

    /** Tech 3341 case 5: here every block passes both gates, so I is the energy mean. */
    @Test
    void blocksAboveTheGatesAverageInEnergy() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.steps(new double[] { -26, -20, -26 }, new double[] { 20, 20.1, 20 }), 0,
                Pcm.samples(60.1), 960);
        assertEquals(-23.0, meter.snapshot().integratedLufs(0), TECH_3341);
    }

    /** Without the relative gate the -36 parts would count: I would be -27.3, as the mean says. */
    @Test
    void quietPartsAboveTheRelativeGateCount() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.steps(new double[] { -36, -23, -36 }, new double[] { 20, 20.1, 20 }), 0,
                Pcm.samples(60.1), 1920);
        double mean = 10 * Math.log10((40 * Math.pow(10, -3.6) + 20.1 * Math.pow(10, -2.3)) / 60.1);
        assertEquals(mean, meter.snapshot().integratedLufs(0), TECH_3341);
        assertTrue(mean < -27);
    }

    /**
     * Tech 3341 case 6 in 5.1: -28 dBFS in L and R, -24 in C, -30 in Ls and Rs (weighted
     * +1.5 dB) give -23 LUFS; a loud LFE changes nothing (weight 0).
     */
    @Test
    void surroundWeightsAndLfeExcluded() {
        LoudnessMeter meter = new LoudnessMeter(LoudnessLayout.standard(6));
        double[] levels = { -28, -28, -24, -10, -30, -30 };
        Pcm.feed(meter, (c, n) -> Pcm.amplitude(levels[c]) * Math.sin(2 * Math.PI * (c == 3 ? 60 : 1000) * n / 48000.0),
                0, Pcm.samples(20), 1920);
        LoudnessSnapshot s = meter.snapshot();
        assertEquals("5.1", s.layout().groupName(0));
        assertEquals(-23.0, s.integratedLufs(0), TECH_3341, s::toString);
        assertEquals(-23.0, s.momentaryLufs(0), TECH_3341, s::toString);
    }

    /** Stereo pairs are measured apart: pair 3/4 at -33 does not pull pair 1/2 off -23. */
    @Test
    void eachPairIsItsOwnProgramme() {
        LoudnessMeter meter = new LoudnessMeter(LoudnessLayout.standard(4));
        double a = Pcm.amplitude(-23);
        double b = Pcm.amplitude(-33);
        Pcm.feed(meter, (c, n) -> (c < 2 ? a : b) * Math.sin(2 * Math.PI * 1000 * n / 48000.0), 0,
                Pcm.samples(5), 1602, 1601);
        LoudnessSnapshot s = meter.snapshot();
        assertEquals("3/4", s.layout().groupName(1));
        assertEquals(-23.0, s.integratedLufs(0), TECH_3341, s::toString);
        assertEquals(-33.0, s.integratedLufs(1), TECH_3341, s::toString);
    }

    /** A 3 s period seen through the 3 s window: 1.34 s at -20 and 1.66 s at -30 average to -23. */
    @Test
    void shortTermAveragesItsWindowInEnergy() {
        LoudnessMeter meter = stereo();
        double[] levels = new double[10];
        double[] seconds = new double[10];
        for (int i = 0; i < 10; i += 2) {
            levels[i] = -20;
            seconds[i] = 1.34;
            levels[i + 1] = -30;
            seconds[i + 1] = 1.66;
        }
        Pcm.feed(meter, Pcm.steps(levels, seconds), 0, Pcm.samples(15), 1920);
        double expected = 10 * Math.log10((1.34 * 1e-2 + 1.66 * 1e-3) / 3);
        assertEquals(expected, meter.snapshot().shortTermLufs(0), TECH_3341);
    }

    @Test
    void samplePeakOfMinus18DbfsSine() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.sine(-18), 0, Pcm.samples(2), 1920);
        LoudnessSnapshot s = meter.snapshot();
        for (int c = 0; c < 2; c++) {
            assertEquals(-18.0, s.samplePeakDbfs(c), 0.01, s::toString);
            assertEquals(-18.0, s.maxSamplePeakDbfs(c), 0.01, s::toString);
            // the 1 kHz sine has a sample on each crest: no peak between the samples
            assertEquals(-18.0, s.truePeakDbfs(c), 0.05, s::toString);
        }
    }

    /** fs/4 at 45°: every sample is at 0.707 of the crest, the crests fall between samples. */
    @Test
    void truePeakSeesTheCrestsBetweenSamples() {
        LoudnessMeter meter = stereo();
        double a = Pcm.amplitude(-6);
        Pcm.feed(meter, (c, n) -> a * Math.sin(Math.PI / 2 * n + Math.PI / 4), 0, Pcm.samples(1), 960);
        LoudnessSnapshot s = meter.snapshot();
        for (int c = 0; c < 2; c++) {
            assertEquals(-6 - 3.01, s.samplePeakDbfs(c), 0.01, s::toString);
            assertEquals(-6.0, s.truePeakDbfs(c), 0.2, s::toString);
            // the onset of the tone rings the filter a little higher (Gibbs): still within the bound
            assertEquals(-6.0, s.maxTruePeakDbfs(c), 0.2, s::toString);
            assertTrue(s.truePeakDbfs(c) > s.samplePeakDbfs(c) + 2.5, s::toString);
        }
    }

    /** The 400 ms peaks fall back after a loud part; the maxima since reset stay. */
    @Test
    void windowPeaksFallBackMaximaStay() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.steps(new double[] { -6, -30 }, new double[] { 1, 1 }), 0, Pcm.samples(2), 1920);
        LoudnessSnapshot s = meter.snapshot();
        assertEquals(-30.0, s.samplePeakDbfs(0), 0.01, s::toString);
        assertEquals(-6.0, s.maxSamplePeakDbfs(0), 0.01, s::toString);
        assertEquals(-6.0, s.maxTruePeakDbfs(0), 0.05, s::toString);
    }

    @Test
    void sameSignalInAnyFrameSizeGivesIdenticalReadings() {
        int[] programme = Pcm.programme(7, 12);
        LoudnessSnapshot[] results = new LoudnessSnapshot[4];
        int[][] cadences = { { 960 }, { 1602, 1601, 1602, 1601, 1602 }, { 1920 }, { 1, 4799, 333, 7000 } };
        for (int i = 0; i < cadences.length; i++) {
            LoudnessMeter meter = stereo();
            Pcm.feed(meter, programme, cadences[i]);
            results[i] = meter.snapshot();
        }
        for (int i = 1; i < results.length; i++) {
            assertIdentical(results[0], results[i]);
        }
        assertTrue(results[0].integratedLufs(0) > -40, results[0]::toString);
    }

    static void assertIdentical(LoudnessSnapshot expected, LoudnessSnapshot actual) {
        assertEquals(expected.samples(), actual.samples());
        assertArrayEquals(expected.momentary, actual.momentary, actual::toString);
        assertArrayEquals(expected.shortTerm, actual.shortTerm, actual::toString);
        assertArrayEquals(expected.integrated, actual.integrated, actual::toString);
        assertArrayEquals(expected.samplePeak, actual.samplePeak, actual::toString);
        assertArrayEquals(expected.truePeak, actual.truePeak, actual::toString);
        assertArrayEquals(expected.maxSamplePeak, actual.maxSamplePeak, actual::toString);
        assertArrayEquals(expected.maxTruePeak, actual.maxTruePeak, actual::toString);
    }

    @Test
    void readingsStartSilentAndWindowsReportOnlyOnceFull() {
        LoudnessMeter meter = stereo();
        LoudnessSnapshot s = meter.snapshot();
        assertEquals(Double.NEGATIVE_INFINITY, s.momentaryLufs(0));
        assertEquals(Double.NEGATIVE_INFINITY, s.integratedLufs(0));
        assertEquals(Double.NEGATIVE_INFINITY, s.maxTruePeakDbfs(1));
        Pcm.feed(meter, Pcm.sine(-23), 0, 3 * LoudnessMeter.SUB_BLOCK + 4799, 960);
        assertEquals(3 * LoudnessMeter.SUB_BLOCK, meter.snapshot().samples());
        assertEquals(Double.NEGATIVE_INFINITY, meter.snapshot().momentaryLufs(0));
        Pcm.feed(meter, Pcm.sine(-23), 3 * LoudnessMeter.SUB_BLOCK + 4799, 1, 1);
        assertEquals(-23.0, meter.snapshot().momentaryLufs(0), TECH_3341);
        assertEquals(-23.0, meter.snapshot().integratedLufs(0), TECH_3341);
        assertEquals(Double.NEGATIVE_INFINITY, meter.snapshot().shortTermLufs(0));
    }

    @Test
    void resetStartsAfresh() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.sine(-10), 0, Pcm.samples(5), 1920);
        meter.reset();
        // not yet: the reset is applied by the writer at its next feed
        assertEquals(-10.0, meter.snapshot().maxSamplePeakDbfs(0), 0.01);
        Pcm.feed(meter, Pcm.sine(-33), 0, Pcm.samples(5), 1920);
        LoudnessSnapshot s = meter.snapshot();
        assertEquals(-33.0, s.integratedLufs(0), TECH_3341, s::toString);
        assertEquals(-33.0, s.maxSamplePeakDbfs(0), 0.01, s::toString);
        assertEquals(Pcm.samples(5), s.samples());
    }

    @Test
    void badInputIsRejectedAndChangesNothing() {
        LoudnessMeter meter = stereo();
        Pcm.feed(meter, Pcm.sine(-23), 0, Pcm.samples(1), 1920);
        LoudnessSnapshot before = meter.snapshot();
        ByteBuffer big = ByteBuffer.allocateDirect(1920 * 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> meter.feed(big, 1920));
        assertTrue(e.getMessage().contains("BIG_ENDIAN") && e.getMessage().contains("LITTLE_ENDIAN"), e.getMessage());
        ByteBuffer small = ByteBuffer.allocateDirect(100).order(ByteOrder.LITTLE_ENDIAN);
        e = assertThrows(IllegalArgumentException.class, () -> meter.feed(small, 1920));
        assertTrue(e.getMessage().contains("100 bytes") && e.getMessage().contains("15360"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> meter.feed(small, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> meter.read(new LoudnessSnapshot(LoudnessLayout.standard(4))));
        assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
        assertIdentical(before, meter.snapshot());
        // and the meter goes on where it was
        Pcm.feed(meter, Pcm.sine(-23), Pcm.samples(1), Pcm.samples(1), 1920);
        assertEquals(Pcm.samples(2), meter.snapshot().samples());
    }

    @Test
    void layouts() {
        assertEquals(1, LoudnessLayout.standard(6).groups());
        assertEquals(0.0, LoudnessLayout.standard(6).weight(3));
        assertEquals(1.41, LoudnessLayout.standard(6).weight(5));
        LoudnessLayout sixteen = LoudnessLayout.standard(16);
        assertEquals(8, sixteen.groups());
        assertEquals("15/16", sixteen.groupName(7));
        assertEquals(7, sixteen.group(15));
        assertEquals("3", LoudnessLayout.pairs(3).groupName(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoudnessLayout.standard(17));
        assertEquals("loudness layout: 17 audio channels rejected (allowed: 2 to 16)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoudnessLayout.standard(1));
        e = assertThrows(IllegalArgumentException.class,
                () -> LoudnessLayout.of(new double[] { 1, 3 }, new int[] { 0, 0 }, "x"));
        assertTrue(e.getMessage().contains("weight 3.0 of channel 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LoudnessLayout.of(new double[] { 1, 1 }, new int[] { 0, 0 }, "a", "b"));
        assertTrue(e.getMessage().contains("group 1 ('b') has no channel"), e.getMessage());
    }
}
