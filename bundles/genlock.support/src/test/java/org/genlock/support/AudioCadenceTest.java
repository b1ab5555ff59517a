package org.genlock.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AudioCadenceTest {

    static final int RATE = 48000;
    static final long DAY_SECONDS = 86_400;

    @Test
    void theBroadcastCadences() {
        assertArrayEquals(new int[] {1920, 1920, 1920, 1920, 1920}, firstFive(AudioCadence.of(RATE, 25, 1)));
        assertArrayEquals(new int[] {960, 960, 960, 960, 960}, firstFive(AudioCadence.of(RATE, 50, 1)));
        assertArrayEquals(new int[] {1601, 1602, 1601, 1602, 1602}, firstFive(AudioCadence.of(RATE, 30000, 1001)));
        assertArrayEquals(new int[] {800, 801, 801, 801, 801}, firstFive(AudioCadence.of(RATE, 60000, 1001)));
        assertEquals(8008, AudioCadence.of(RATE, 30000, 1001).cycleSamples());
        assertEquals(5, AudioCadence.of(RATE, 30000, 1001).cycleFrames());
        assertEquals(4004, AudioCadence.of(RATE, 60000, 1001).cycleSamples());
        assertEquals(1602, AudioCadence.of(RATE, 30000, 1001).maxSamplesPerFrame());
        assertEquals(801, AudioCadence.of(RATE, 60000, 1001).maxSamplesPerFrame());
        assertEquals(1920, AudioCadence.of(RATE, 25, 1).maxSamplesPerFrame());
    }

    /**
     * Sums every frame of a day one by one (no use of the cycle) and compares with the exact
     * count from BigInteger and with the literal totals worked out by hand.
     */
    @ParameterizedTest
    @CsvSource({
            "25, 1, 2160000, 4147200000",
            "50, 1, 4320000, 4147200000",
            "30000, 1001, 2589410, 4147199056",
            "60000, 1001, 5178821, 4147199856",
            "24000, 1001, 2071528, 4147199056"})
    void aFullDayHasTheExactSampleCount(long num, long den, long expectedFrames, long expectedSamples) {
        AudioCadence cadence = AudioCadence.of(RATE, num, den);
        long frames = BigInteger.valueOf(DAY_SECONDS * num).divide(BigInteger.valueOf(den)).longValueExact();
        assertEquals(expectedFrames, frames);
        long exact = BigInteger.valueOf(frames).multiply(BigInteger.valueOf((long) RATE * den))
                .divide(BigInteger.valueOf(num)).longValueExact();
        assertEquals(expectedSamples, exact);

        int floor = (int) ((long) RATE * den / num);
        long sum = 0;
        for (long i = 0; i < frames; i++) {
            assertEquals(sum, cadence.sampleOffset(i), "offset of frame " + i);
            int n = cadence.samplesInFrame(i);
            assertTrue(n == floor || n == floor + 1, "frame " + i + " carries " + n);
            sum += n;
        }
        assertEquals(exact, sum);
        assertEquals(exact, cadence.sampleOffset(frames));
        // within one frame of a day of audio: no drift
        assertTrue(Math.abs(DAY_SECONDS * RATE - sum) <= cadence.maxSamplesPerFrame(), "drift " + (DAY_SECONDS * RATE - sum));
    }

    @Test
    void anyIndexWorksWithoutOverflow() {
        AudioCadence cadence = AudioCadence.of(RATE, 30000, 1001);
        assertEquals(cadence.samplesInFrame(Long.MAX_VALUE % 5), cadence.samplesInFrame(Long.MAX_VALUE));
        assertEquals(cadence.samplesInFrame(4), cadence.samplesInFrame(-1));
        assertEquals(-cadence.samplesInFrame(-1), cadence.sampleOffset(-1));
        assertThrows(ArithmeticException.class, () -> cadence.sampleOffset(Long.MAX_VALUE));
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AudioCadence.of(0, 25, 1));
        assertTrue(e.getMessage().contains("sample rate is 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AudioCadence.of(RATE, 25, 0));
        assertTrue(e.getMessage().contains("25/0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AudioCadence.of(RATE, 96000, 1));
        assertTrue(e.getMessage().contains("no sample"), e.getMessage());
    }

    private static int[] firstFive(AudioCadence cadence) {
        int[] out = new int[5];
        for (int i = 0; i < 5; i++) {
            out[i] = cadence.samplesInFrame(i);
        }
        return out;
    }
}
