package org.genlock.api.video;

/**
 * Exact integer arithmetic used by the time types. Not API: package-private.
 */
final class Exact {

	private Exact() {}

	/**
	 * Returns {@code floor(a * b / c)} computed exactly on the 128-bit product.
	 *
	 * @throws ArithmeticException if {@code c <= 0} or the result does not fit in a long
	 */
	static long mulDivFloor(long a, long b, long c) {
		if (c <= 0) {
			throw new ArithmeticException("divisor must be positive: " + c);
		}
		long lo = a * b;
		long hi = Math.multiplyHigh(a, b);
		if (hi == (lo >> 63)) {
			return Math.floorDiv(lo, c); // product fits in 64 bits: the common case
		}
		boolean negative = hi < 0;
		if (negative) { // two's complement negate the 128-bit value
			lo = ~lo + 1;
			hi = ~hi + (lo == 0 ? 1 : 0);
		}
		// unsigned 128 / 64 restoring division; c < 2^63 so 2 * remainder + 1 fits unsigned
		long q = 0;
		long r = 0;
		boolean remainderNonZero;
		for (int i = 127; i >= 0; i--) {
			long bit = i >= 64 ? (hi >>> (i - 64)) & 1 : (lo >>> i) & 1;
			r = (r << 1) | bit;
			if (Long.compareUnsigned(r, c) >= 0) {
				r -= c;
				if (i >= 63) {
					throw new ArithmeticException("long overflow in " + a + " * " + b + " / " + c);
				}
				q |= 1L << i;
			}
		}
		remainderNonZero = r != 0;
		if (negative) {
			// floor(-x / c) = -ceil(x / c)
			return -q - (remainderNonZero ? 1 : 0);
		}
		return q;
	}

	/** Signed comparison of {@code a * b} with {@code c * d}, exact on 128-bit products. */
	static int compareProducts(long a, long b, long c, long d) {
		long hi1 = Math.multiplyHigh(a, b);
		long hi2 = Math.multiplyHigh(c, d);
		if (hi1 != hi2) {
			return Long.compare(hi1, hi2);
		}
		return Long.compareUnsigned(a * b, c * d);
	}

	/** Greatest common divisor of two non-negative longs. */
	static long gcd(long a, long b) {
		while (b != 0) {
			long t = a % b;
			a = b;
			b = t;
		}
		return a;
	}
}
