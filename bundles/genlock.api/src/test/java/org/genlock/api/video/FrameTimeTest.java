package org.genlock.api.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameTimeTest {

	private static final FrameTime NTSC60 = new FrameTime(Rational.of(60000, 1001));

	/** floor(index * 1e9 * d / n) in BigInteger. */
	private static BigInteger exactNanosBig(long index, Rational rate) {
		BigInteger num = BigInteger.valueOf(index).multiply(BigInteger.TEN.pow(9))
				.multiply(BigInteger.valueOf(rate.denominator()));
		BigInteger[] qr = num.divideAndRemainder(BigInteger.valueOf(rate.numerator()));
		return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
	}

	private static boolean fits(BigInteger b) {
		return b.bitLength() <= 63;
	}

	private static long exactNanos(long index, Rational rate) {
		BigInteger num = BigInteger.valueOf(index).multiply(BigInteger.TEN.pow(9))
				.multiply(BigInteger.valueOf(rate.denominator()));
		BigInteger[] qr = num.divideAndRemainder(BigInteger.valueOf(rate.numerator()));
		BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
		return q.longValueExact();
	}

	@Test
	void after24HoursAt5994TheTimeIsExact() {
		long framesIn24h = 24L * 3600 * 60000 / 1001; // 5 178 821 whole frames started in 24 h
		assertEquals(5_178_821L, framesIn24h);
		for (long i = framesIn24h - 3; i <= framesIn24h + 3; i++) {
			assertEquals(exactNanos(i, NTSC60.frameRate()), NTSC60.nanosOf(i), "index " + i);
		}
		// a multiple of 60000 frames is a whole number of seconds: 60000 frames = 1001 s
		assertEquals(1001L * 86 * 1_000_000_000L, NTSC60.nanosOf(60000L * 86));
		assertEquals(framesIn24h * 1001, NTSC60.timeOf(framesIn24h));
	}

	@ParameterizedTest
	@ValueSource(strings = { "60000/1001", "30000/1001", "24000/1001", "50", "25", "60", "240", "120000/1001", "1/7" })
	void nanosOfMatchesBigIntegerAndIndexAtInvertsIt(String rateText) {
		Rational rate = Rational.parse(rateText);
		FrameTime t = new FrameTime(rate);
		long thirtyDays = 30L * 86400 * 240; // more frames than 30 days at any rate here
		SplittableRandom random = new SplittableRandom(rateText.hashCode());
		long[] fixed = { 0, 1, 2, 1000, 1001, 59999, 60000, 60001, thirtyDays, 1L << 40, 3_000_000_000_000L };
		int overflowing = 0;
		for (int k = 0; k < 3000; k++) {
			long i = k < fixed.length ? fixed[k] : random.nextLong(-thirtyDays, 4 * thirtyDays);
			if (!fits(exactNanosBig(i, rate)) || !fits(exactNanosBig(i + 1, rate))) {
				long tooFar = i;
				if (!fits(exactNanosBig(i, rate))) {
					assertThrows(ArithmeticException.class, () -> t.nanosOf(tooFar), "overflow must be reported");
				}
				overflowing++;
				continue;
			}
			long nanos = t.nanosOf(i);
			assertEquals(exactNanos(i, rate), nanos, "nanosOf(" + i + ") at " + rate);
			assertEquals(i, t.indexAt(nanos), "indexAt(nanosOf(" + i + ")) at " + rate);
			assertEquals(i, t.indexAt(t.nanosOf(i + 1) - 1), "last nanosecond of frame " + i + " at " + rate);
			assertEquals(i - 1, t.indexAt(nanos - 1), "nanosecond before frame " + i + " at " + rate);
		}
		assertTrue(overflowing < 3000 / 2, "most samples must be in range, " + overflowing + " were not");
	}

	@Test
	void thirtyDaysAt5994() {
		long i = 30L * 86400 * 60000 / 1001;
		long nanos = NTSC60.nanosOf(i);
		assertEquals(exactNanos(i, NTSC60.frameRate()), nanos);
		assertEquals(i, NTSC60.indexAt(nanos));
		// 30 days are a whole number of frames? 2 592 000 s * 60000 / 1001 is not an integer,
		// so the frame on air at exactly 30 days started before it
		assertEquals(i, NTSC60.indexAt(30L * 86400 * 1_000_000_000L));
	}

	@Test
	void ticks() {
		assertEquals(60000, NTSC60.timescale());
		assertEquals(1001, NTSC60.frameDuration());
		assertEquals(1001 * 5, NTSC60.timeOf(5));
		assertEquals(5, NTSC60.indexAtTicks(1001 * 5 + 1000));
		assertEquals(-1, NTSC60.indexAtTicks(-1));
	}

	@Test
	void rejectsBadRates() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrameTime(Rational.ZERO));
		assertEquals(true, e.getMessage().contains("frameRate is 0"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new FrameTime(Rational.of(2_000_000_000L)));
		assertThrows(IllegalArgumentException.class, () -> new FrameTime(null));
	}
}
