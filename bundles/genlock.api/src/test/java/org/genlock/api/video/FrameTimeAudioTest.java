package org.genlock.api.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Audio samples per frame from the rational frame rate: exact over a broadcast day. */
class FrameTimeAudioTest {

	static final int RATE = 48000;
	static final long DAY_SECONDS = 86_400;

	private static FrameTime at(long num, long den) {
		return new FrameTime(Rational.of(num, den));
	}

	@Test
	void theBroadcastCadences() {
		assertArrayEquals(new int[] { 1920, 1920, 1920, 1920, 1920 }, firstFive(at(25, 1)));
		assertArrayEquals(new int[] { 960, 960, 960, 960, 960 }, firstFive(at(50, 1)));
		assertArrayEquals(new int[] { 1601, 1602, 1601, 1602, 1602 }, firstFive(at(30000, 1001)));
		assertArrayEquals(new int[] { 800, 801, 801, 801, 801 }, firstFive(at(60000, 1001)));
		assertEquals(8008, at(30000, 1001).audioSampleOffset(5, RATE));
		assertEquals(4004, at(60000, 1001).audioSampleOffset(5, RATE));
		assertEquals(1602, at(30000, 1001).maxAudioSamples(RATE));
		assertEquals(801, at(60000, 1001).maxAudioSamples(RATE));
		assertEquals(1920, at(25, 1).maxAudioSamples(RATE));
		assertEquals(960, at(50, 1).maxAudioSamples(RATE));
	}

	/**
	 * Sums every frame of a day one by one and compares with the exact count from BigInteger
	 * and with the literal totals worked out by hand.
	 */
	@ParameterizedTest
	@CsvSource({
			"25, 1, 2160000, 4147200000",
			"50, 1, 4320000, 4147200000",
			"30000, 1001, 2589410, 4147199056",
			"60000, 1001, 5178821, 4147199856",
			"24000, 1001, 2071528, 4147199056" })
	void aFullDayHasTheExactSampleCount(long num, long den, long expectedFrames, long expectedSamples) {
		FrameTime time = at(num, den);
		long frames = BigInteger.valueOf(DAY_SECONDS * num).divide(BigInteger.valueOf(den)).longValueExact();
		assertEquals(expectedFrames, frames);
		long exact = BigInteger.valueOf(frames).multiply(BigInteger.valueOf((long) RATE * den))
				.divide(BigInteger.valueOf(num)).longValueExact();
		assertEquals(expectedSamples, exact);

		int floor = (int) ((long) RATE * den / num);
		long sum = 0;
		for (long i = 0; i < frames; i++) {
			assertEquals(sum, time.audioSampleOffset(i, RATE), "offset of frame " + i);
			int n = time.audioSamples(i, RATE);
			assertTrue(n == floor || n == floor + 1, "frame " + i + " carries " + n);
			assertTrue(n <= time.maxAudioSamples(RATE));
			sum += n;
		}
		assertEquals(exact, sum);
		assertEquals(exact, time.audioSampleOffset(frames, RATE));
		// within one frame of a day of audio: no drift
		assertTrue(Math.abs(DAY_SECONDS * RATE - sum) <= time.maxAudioSamples(RATE), "drift " + (DAY_SECONDS * RATE - sum));
	}

	@Test
	void anyIndexWorksWithoutOverflow() {
		FrameTime time = at(30000, 1001);
		long big = Long.MAX_VALUE / 2;
		assertEquals(time.audioSamples(big % 5, RATE), time.audioSamples(big, RATE));
		assertEquals(time.audioSamples(4, RATE), time.audioSamples(-1, RATE));
		assertEquals(-time.audioSamples(-1, RATE), time.audioSampleOffset(-1, RATE));
		assertThrows(ArithmeticException.class, () -> time.audioSampleOffset(Long.MAX_VALUE, RATE));
	}

	@Test
	void badInputIsNamed() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> at(25, 1).audioSamples(0, 0));
		assertTrue(e.getMessage().contains("sample rate is 0"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> at(96000, 1).audioSampleOffset(3, RATE));
		assertTrue(e.getMessage().contains("no sample"), e.getMessage());
	}

	private static int[] firstFive(FrameTime time) {
		int[] out = new int[5];
		for (int i = 0; i < 5; i++) {
			out[i] = time.audioSamples(i, RATE);
		}
		return out;
	}
}
