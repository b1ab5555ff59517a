package org.genlock.api.video;

/**
 * An exact rational number, used for frame rates ({@code 50/1}, {@code 60000/1001}).
 *
 * <p>Always normalised: the denominator is positive and numerator and denominator have no
 * common factor, so two equal values are {@link #equals(Object) equal} records and
 * {@code Rational.of(120000, 2002)} has numerator 60000 and denominator 1001. This is what
 * makes {@link VideoFormat#timescale()} and {@link VideoFormat#frameDuration()} the DeckLink
 * time scale and frame duration directly.
 *
 * <p>Comparison is exact (on 128-bit cross products); {@link #toDouble()} is for display
 * only, never for time arithmetic.
 *
 * @param numerator   the numerator, any long except {@link Long#MIN_VALUE}
 * @param denominator the denominator, {@code > 0}
 */
public record Rational(long numerator, long denominator) implements Comparable<Rational> {

	/** Zero, {@code 0/1}. */
	public static final Rational ZERO = new Rational(0, 1);

	/** One, {@code 1/1}. */
	public static final Rational ONE = new Rational(1, 1);

	/**
	 * Validates and normalises.
	 *
	 * @param numerator the numerator, any long except {@link Long#MIN_VALUE}
	 * @param denominator the denominator, {@code > 0}
	 * @throws IllegalArgumentException if the denominator is not positive or the numerator
	 *                                  is {@link Long#MIN_VALUE}
	 */
	public Rational {
		if (denominator <= 0) {
			throw new IllegalArgumentException("Rational.denominator is " + denominator
					+ " but must be > 0 (numerator " + numerator + ")");
		}
		if (numerator == Long.MIN_VALUE) {
			throw new IllegalArgumentException(
					"Rational.numerator is Long.MIN_VALUE, which has no positive counterpart; "
							+ "allowed range is -" + Long.MAX_VALUE + ".." + Long.MAX_VALUE);
		}
		long g = Exact.gcd(Math.abs(numerator), denominator);
		if (g > 1) {
			numerator /= g;
			denominator /= g;
		}
	}

	/**
	 * Returns the normalised rational {@code numerator / denominator}.
	 *
	 * @param numerator   the numerator
	 * @param denominator the denominator, {@code > 0}
	 * @return the normalised value
	 * @throws IllegalArgumentException if the denominator is not positive
	 */
	public static Rational of(long numerator, long denominator) {
		return new Rational(numerator, denominator);
	}

	/**
	 * Returns the integer {@code value / 1}.
	 *
	 * @param value the value
	 * @return {@code value/1}
	 */
	public static Rational of(long value) {
		return new Rational(value, 1);
	}

	/**
	 * Parses the exact forms {@code "n/d"} (e.g. {@code "60000/1001"}) and {@code "n"}
	 * (e.g. {@code "50"}), optionally surrounded by white space.
	 *
	 * <p>Decimal forms such as {@code "59.94"} are rejected on purpose: they are not exact,
	 * and the message says which exact form was probably meant.
	 *
	 * @param text the text to parse
	 * @return the normalised value
	 * @throws IllegalArgumentException if the text is not one of the exact forms, a number is
	 *                                  out of range, or the denominator is not positive
	 */
	public static Rational parse(String text) {
		if (text == null) {
			throw new IllegalArgumentException("Rational text is null; expected \"n/d\" or \"n\"");
		}
		String s = text.strip();
		int slash = s.indexOf('/');
		try {
			if (slash < 0) {
				return of(parsePart(s, text), 1);
			}
			return of(parsePart(s.substring(0, slash), text), parsePart(s.substring(slash + 1), text));
		} catch (NumberFormatException e) {
			String hint = "";
			if (s.contains(".")) {
				hint = switch (s) {
					case "23.976", "23.98" -> "; did you mean 24000/1001?";
					case "29.97" -> "; did you mean 30000/1001?";
					case "47.95" -> "; did you mean 48000/1001?";
					case "59.94" -> "; did you mean 60000/1001?";
					case "119.88" -> "; did you mean 120000/1001?";
					default -> "; decimals are not exact, write the rate as n/d";
				};
			}
			throw new IllegalArgumentException("Rational \"" + text
					+ "\" is not an exact rational: expected \"n/d\" (e.g. 60000/1001) or an integer (e.g. 50)"
					+ hint, e);
		}
	}

	private static long parsePart(String part, String whole) {
		if (part.isEmpty() || !part.equals(part.strip()) || part.startsWith("+")) {
			throw new NumberFormatException("bad part '" + part + "' in '" + whole + "'");
		}
		return Long.parseLong(part);
	}

	/**
	 * Returns this value as a double, for display and logging only.
	 *
	 * @return the nearest double
	 */
	public double toDouble() {
		return (double) numerator / denominator;
	}

	/**
	 * Returns whether this value is strictly greater than zero.
	 *
	 * @return {@code numerator > 0}
	 */
	public boolean isPositive() {
		return numerator > 0;
	}

	/**
	 * Returns {@code this * factor}, normalised.
	 *
	 * @param factor the integer factor
	 * @return the product
	 * @throws ArithmeticException if the result overflows
	 */
	public Rational multiply(long factor) {
		long g = Exact.gcd(Math.abs(factor), denominator);
		return of(Math.multiplyExact(numerator, factor / g), denominator / g);
	}

	/**
	 * Returns {@code this / divisor}, normalised.
	 *
	 * @param divisor the integer divisor, {@code > 0}
	 * @return the quotient
	 * @throws IllegalArgumentException if the divisor is not positive
	 * @throws ArithmeticException      if the result overflows
	 */
	public Rational divide(long divisor) {
		if (divisor <= 0) {
			throw new IllegalArgumentException("divisor is " + divisor + " but must be > 0");
		}
		long g = Exact.gcd(Math.abs(numerator), divisor);
		return of(numerator / g, Math.multiplyExact(denominator, divisor / g));
	}

	/**
	 * Returns the reciprocal {@code denominator / numerator} (the frame period when this is a
	 * frame rate).
	 *
	 * @return the reciprocal
	 * @throws ArithmeticException if this value is zero
	 */
	public Rational reciprocal() {
		if (numerator == 0) {
			throw new ArithmeticException("reciprocal of zero");
		}
		return numerator > 0 ? of(denominator, numerator) : of(-denominator, -numerator);
	}

	/**
	 * Compares exactly, without rounding.
	 *
	 * @param other the value to compare with
	 * @return negative, zero or positive as this value is less than, equal to or greater
	 *         than {@code other}
	 */
	@Override
	public int compareTo(Rational other) {
		return Exact.compareProducts(numerator, other.denominator, other.numerator, denominator);
	}

	/**
	 * Returns {@code "n/d"}, or {@code "n"} when the denominator is 1; {@link #parse(String)}
	 * reads it back.
	 *
	 * @return the exact text form
	 */
	@Override
	public String toString() {
		return denominator == 1 ? Long.toString(numerator) : numerator + "/" + denominator;
	}
}
