package org.genlock.api.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimecodeTest {

	private static final Rational DF30 = Rational.of(30000, 1001);
	private static final Rational DF60 = Rational.of(60000, 1001);

	/**
	 * Walks every frame of a day: the round trip holds, labels advance by one frame except
	 * at the start of each non-tenth minute where exactly {@code drop} numbers are skipped,
	 * and no dropped number is ever shown.
	 */
	private static void fullDayDropFrame(Rational rate, int nominal, int drop, long framesPerDay) {
		long previousLabel = -1;
		int skips = 0;
		for (long i = 0; i < framesPerDay; i++) {
			Timecode tc = Timecode.fromFrameIndex(i, rate, true);
			if (tc.seconds() == 0 && tc.minutes() % 10 != 0 && tc.frames() < drop) {
				fail("frame " + i + " shows dropped label " + tc);
			}
			long back = tc.toFrameIndex(rate);
			if (back != i) {
				fail("frame " + i + " -> " + tc + " -> " + back);
			}
			long label = ((tc.hours() * 60L + tc.minutes()) * 60 + tc.seconds()) * nominal + tc.frames();
			if (label != Timecode.labelOf(i, rate, true)) {
				fail("labelOf disagrees at " + i);
			}
			if (previousLabel >= 0 && label != previousLabel + 1) {
				if (label != previousLabel + 1 + drop || tc.seconds() != 0 || tc.frames() != drop) {
					fail("label jumps from " + previousLabel + " to " + label + " at " + tc);
				}
				skips++;
			}
			previousLabel = label;
		}
		assertEquals(24 * 54, skips, "one skip per non-tenth minute");
		assertEquals(86_400L * nominal - 1, previousLabel, "the day ends at 23:59:59;" + (nominal - 1));
		assertEquals("00:00:00;00", Timecode.fromFrameIndex(framesPerDay, rate, true).toString(), "wraps at 24 h");
	}

	@Test
	void dropFrame2997EveryFrameOfADay() {
		fullDayDropFrame(DF30, 30, 2, 2_589_408L);
	}

	@Test
	void dropFrame5994EveryFrameOfADay() {
		fullDayDropFrame(DF60, 60, 4, 5_178_816L);
	}

	@ParameterizedTest(name = "29.97 DF index {0} -> {1}")
	@CsvSource({ "0, 00:00:00;00", "29, 00:00:00;29", "30, 00:00:01;00", "1799, 00:00:59;29", "1800, 00:01:00;02",
			"1801, 00:01:00;03", "3597, 00:01:59;29", "3598, 00:02:00;02", "17981, 00:09:59;29", "17982, 00:10:00;00",
			"17983, 00:10:00;01", "19782, 00:11:00;02", "107892, 01:00:00;00", "2589407, 23:59:59;29",
			"2589408, 00:00:00;00", "-1, 23:59:59;29" })
	void knownDropFrame2997(long index, String text) {
		assertEquals(text, Timecode.fromFrameIndex(index, DF30, true).toString());
		assertEquals(Math.floorMod(index, 2_589_408L), Timecode.parse(text).toFrameIndex(DF30));
	}

	@ParameterizedTest(name = "59.94 DF index {0} -> {1}")
	@CsvSource({ "3599, 00:00:59;59", "3600, 00:01:00;04", "35964, 00:10:00;00", "215784, 01:00:00;00",
			"5178815, 23:59:59;59" })
	void knownDropFrame5994(long index, String text) {
		assertEquals(text, Timecode.fromFrameIndex(index, DF60, true).toString());
		assertEquals(index, Timecode.parse(text).toFrameIndex(DF60));
	}

	@ParameterizedTest(name = "non-drop {0} fps")
	@ValueSource(ints = { 25, 50, 24, 30, 60 })
	void nonDropRoundTripsAndCountsNominalFrames(int fps) {
		Rational rate = Rational.of(fps);
		long perDay = 86_400L * fps;
		for (long i = 0; i < perDay; i += 7) {
			Timecode tc = Timecode.fromFrameIndex(i, rate, false);
			assertEquals(i, tc.toFrameIndex(rate));
		}
		assertEquals("01:00:00:00", Timecode.fromFrameIndex(3600L * fps, rate, false).toString());
		assertEquals(String.format("00:00:00:%02d", fps - 1), Timecode.fromFrameIndex(fps - 1, rate, false).toString());
		assertEquals("00:00:01:00", Timecode.fromFrameIndex(fps, rate, false).toString());
		assertEquals("00:00:00:00", Timecode.fromFrameIndex(perDay, rate, false).toString());
		assertEquals(String.format("23:59:59:%02d", fps - 1), Timecode.fromFrameIndex(-1, rate, false).toString());
	}

	@Test
	void fiftyPUsesFrameNumbersUpTo49() {
		Timecode tc = Timecode.fromFrameIndex(49, Rational.of(50), false);
		assertEquals(49, tc.frames());
		assertEquals("00:00:00:49", tc.toString());
		assertEquals(12 * 3600 * 50 + 34 * 60 * 50 + 56 * 50 + 49, Timecode.parse("12:34:56:49").toFrameIndex(Rational.of(50)));
	}

	@Test
	void nominalRates() {
		assertEquals(24, Timecode.nominalRate(Rational.of(24000, 1001)));
		assertEquals(30, Timecode.nominalRate(DF30));
		assertEquals(60, Timecode.nominalRate(DF60));
		assertEquals(25, Timecode.nominalRate(Rational.of(25)));
		assertEquals(13, Timecode.nominalRate(Rational.of(25, 2)));
		// 23.976 non-drop counts 24 labels per second
		assertEquals("00:00:01:00", Timecode.fromFrameIndex(24, Rational.of(24000, 1001), false).toString());
	}

	@Test
	void nonDropAt2997IsAllowed() {
		assertEquals("00:01:00:00", Timecode.fromFrameIndex(1800, DF30, false).toString());
		assertEquals(1800, Timecode.parse("00:01:00:00").toFrameIndex(DF30));
	}

	@ParameterizedTest
	@ValueSource(strings = { "25", "50", "24000/1001", "60", "30" })
	void dropFrameIsRejectedForOtherRates(String rateText) {
		Rational rate = Rational.parse(rateText);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Timecode.fromFrameIndex(100, rate, true));
		assertTrue(e.getMessage().contains("30000/1001 and 60000/1001") && e.getMessage().contains(rateText),
				e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Timecode.parse("00:00:10;00").toFrameIndex(rate));
		assertFalse(Timecode.isDropFrameRate(rate));
	}

	@Test
	void parseAndToString() {
		Timecode df = Timecode.parse("01:02:03;04");
		assertEquals(new Timecode(1, 2, 3, 4, true), df);
		assertEquals("01:02:03;04", df.toString());
		Timecode ndf = Timecode.parse(" 23:59:59:24 ");
		assertEquals(new Timecode(23, 59, 59, 24, false), ndf);
		assertEquals("23:59:59:24", ndf.toString());
		assertEquals(new Timecode(0, 0, 0, 119, false), Timecode.parse("00:00:00:119"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1:02:03:04", "01:02:03.04", "01-02-03:04", "aa:bb:cc:dd", "01:02:03:4",
			"24:00:00:00", "00:60:00:00", "00:00:60:00", "00:01:00;00", "00:01:00;01" })
	void parseRejects(String text) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timecode.parse(text));
		assertTrue(e.getMessage().contains(text), e.getMessage());
	}

	@Test
	void validationNamesFieldValueAndRange() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Timecode(24, 0, 0, 0, false));
		assertTrue(e.getMessage().contains("hours is 24") && e.getMessage().contains("0..23"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new Timecode(0, 0, 0, -1, false));
		assertTrue(e.getMessage().contains("frames is -1"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Timecode.parse("00:00:00:25").toFrameIndex(Rational.of(25)));
		assertTrue(e.getMessage().contains("frames is 25") && e.getMessage().contains("0..24"), e.getMessage());
		// frames 02 and 03 exist at 29.97 DF but are dropped at 59.94 DF
		assertEquals(1800, Timecode.parse("00:01:00;02").toFrameIndex(DF30));
		e = assertThrows(IllegalArgumentException.class, () -> Timecode.parse("00:01:00;03").toFrameIndex(DF60));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
		// minute 10 keeps frames 00 and 01
		assertEquals(17982, Timecode.parse("00:10:00;00").toFrameIndex(DF30));
	}
}
