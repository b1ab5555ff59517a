package org.genlock.api.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ExactTest {

	private static long reference(long a, long b, long c) {
		BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(c));
		BigInteger q = qr[0];
		if (qr[1].signum() < 0) {
			q = q.subtract(BigInteger.ONE); // floor
		}
		return q.longValueExact();
	}

	@Test
	void mulDivFloorMatchesBigIntegerAcrossTheRange() {
		SplittableRandom random = new SplittableRandom(7);
		int checked = 0;
		while (checked < 20_000) {
			long a = random.nextLong() >> random.nextInt(64);
			long b = random.nextLong() >> random.nextInt(64);
			long c = Math.max(1, random.nextLong(Long.MAX_VALUE) >> random.nextInt(63));
			long expected;
			try {
				expected = reference(a, b, c);
			} catch (ArithmeticException overflow) {
				assertThrows(ArithmeticException.class, () -> Exact.mulDivFloor(a, b, c));
				continue;
			}
			assertEquals(expected, Exact.mulDivFloor(a, b, c), a + " * " + b + " / " + c);
			checked++;
		}
	}

	@Test
	void slowPathCases() {
		long big = 155_520_000L * 1001; // 30 days of 60000/1001 frames, in ticks
		assertEquals(reference(big, 1_000_000_000L, 60000), Exact.mulDivFloor(big, 1_000_000_000L, 60000));
		assertEquals(reference(-big, 1_000_000_000L, 60000), Exact.mulDivFloor(-big, 1_000_000_000L, 60000));
		assertEquals(Long.MAX_VALUE, Exact.mulDivFloor(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
		assertEquals(-Long.MAX_VALUE, Exact.mulDivFloor(-Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
		assertEquals(new BigInteger("-7").divide(BigInteger.TWO).longValue() - 1, Exact.mulDivFloor(-7, 1, 2));
		assertThrows(ArithmeticException.class, () -> Exact.mulDivFloor(Long.MAX_VALUE, 4, 3));
		assertThrows(ArithmeticException.class, () -> Exact.mulDivFloor(1, 1, 0));
	}
}
