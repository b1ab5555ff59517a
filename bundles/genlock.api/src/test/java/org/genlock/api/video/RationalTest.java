package org.genlock.api.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RationalTest {

	@Test
	void normalisesByGcd() {
		Rational r = Rational.of(120000, 2002);
		assertEquals(60000, r.numerator());
		assertEquals(1001, r.denominator());
		assertEquals(Rational.of(60000, 1001), r);
		assertEquals(new Rational(-2, 3), Rational.of(-4, 6));
		assertEquals(Rational.ZERO, Rational.of(0, 5));
		assertEquals(Rational.of(50), Rational.of(100, 2));
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, -1001 })
	void rejectsNonPositiveDenominatorNamingFieldAndValue(long denominator) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rational.of(25, denominator));
		assertTrue(e.getMessage().contains("denominator is " + denominator), e.getMessage());
		assertTrue(e.getMessage().contains("> 0"), e.getMessage());
	}

	@ParameterizedTest
	@CsvSource({ "60000/1001, 60000, 1001", "50, 50, 1", "' 30000/1001 ', 30000, 1001", "100/2, 50, 1",
			"-3/6, -1, 2" })
	void parsesExactForms(String text, long n, long d) {
		Rational r = Rational.parse(text);
		assertEquals(n, r.numerator());
		assertEquals(d, r.denominator());
	}

	@Test
	void decimalIsRejectedWithTheExactFormSuggested() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rational.parse("59.94"));
		assertTrue(e.getMessage().contains("60000/1001"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Rational.parse("12.5"));
		assertTrue(e.getMessage().contains("n/d"), e.getMessage());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "1/", "/2", "1/2/3", "+5", "1 / 2", "1/0", "1/-2", "99999999999999999999" })
	void rejectsMalformedText(String text) {
		assertThrows(IllegalArgumentException.class, () -> Rational.parse(text));
	}

	@Test
	void nullTextIsAnIllegalArgument() {
		assertThrows(IllegalArgumentException.class, () -> Rational.parse(null));
	}

	@Test
	void toStringRoundTrips() {
		for (Rational r : new Rational[] { Rational.of(60000, 1001), Rational.of(25), Rational.of(-7, 3) }) {
			assertEquals(r, Rational.parse(r.toString()));
		}
		assertEquals("60000/1001", Rational.of(60000, 1001).toString());
		assertEquals("50", Rational.of(50).toString());
	}

	@Test
	void comparesExactlyWhereDoublesCannot() {
		long m = Long.MAX_VALUE;
		Rational a = Rational.of(m - 1, m); // both round to 1.0 as doubles
		Rational b = Rational.of(m - 2, m - 1);
		assertEquals(a.toDouble(), b.toDouble());
		assertTrue(a.compareTo(b) > 0);
		assertTrue(b.compareTo(a) < 0);
		assertTrue(Rational.of(60000, 1001).compareTo(Rational.of(60)) < 0);
		assertTrue(Rational.of(-1, 2).compareTo(Rational.of(-1, 3)) < 0);
		assertEquals(0, Rational.of(2, 4).compareTo(Rational.of(1, 2)));
	}

	@Test
	void arithmetic() {
		assertEquals(Rational.of(60000, 1001), Rational.of(30000, 1001).multiply(2));
		assertEquals(Rational.of(30000, 1001), Rational.of(60000, 1001).divide(2));
		assertEquals(Rational.of(25, 2), Rational.of(25).divide(2));
		assertEquals(Rational.of(1001, 60000), Rational.of(60000, 1001).reciprocal());
		assertEquals(59.94, Rational.of(60000, 1001).toDouble(), 0.001);
		assertThrows(ArithmeticException.class, () -> Rational.ZERO.reciprocal());
		assertThrows(IllegalArgumentException.class, () -> Rational.ONE.divide(0));
	}
}
