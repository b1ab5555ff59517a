package org.genlock.api.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VideoFormatTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource({
			"1080p50,   1920, 1080, 50,     1,    PROGRESSIVE,            REC709",
			"1080i5994, 1920, 1080, 30000,  1001, INTERLACED_UPPER_FIRST, REC709",
			"1080i50,   1920, 1080, 25,     1,    INTERLACED_UPPER_FIRST, REC709",
			"720p5994,  1280, 720,  60000,  1001, PROGRESSIVE,            REC709",
			"2160p60,   3840, 2160, 60,     1,    PROGRESSIVE,            REC709",
			"1080p2997, 1920, 1080, 30000,  1001, PROGRESSIVE,            REC709",
			"1080p2398, 1920, 1080, 24000,  1001, PROGRESSIVE,            REC709",
			"1080p25,   1920, 1080, 25,     1,    PROGRESSIVE,            REC709",
			"1080p11988,1920, 1080, 120000, 1001, PROGRESSIVE,            REC709",
			"576i50,    720,  576,  25,     1,    INTERLACED_UPPER_FIRST, REC601",
			"486i5994,  720,  486,  30000,  1001, INTERLACED_LOWER_FIRST, REC601",
			"4320p120,  7680, 4320, 120,    1,    PROGRESSIVE,            REC709",
			"1024x768p60, 1024, 768, 60,    1,    PROGRESSIVE,            REC709",
			"640x480p25/2, 640, 480, 25,    2,    PROGRESSIVE,            REC601" })
	void parsesAndNamesBack(String name, int width, int height, long n, long d, ScanMode scan, Colorimetry colorimetry) {
		VideoFormat f = VideoFormat.parse(name);
		assertEquals(width, f.width());
		assertEquals(height, f.height());
		assertEquals(Rational.of(n, d), f.frameRate());
		assertEquals(scan, f.scan());
		assertEquals(colorimetry, f.colorimetry());
		assertEquals(PixelFormat.BGRA8, f.pixelFormat());
		assertEquals(name, f.name());
		assertEquals(f, VideoFormat.parse(f.name()));
	}

	@Test
	void parseIsCaseInsensitiveAndTakesAPixelFormat() {
		VideoFormat f = VideoFormat.parse(" 1080P50 ", PixelFormat.V210);
		assertEquals(PixelFormat.V210, f.pixelFormat());
		assertEquals(5120, f.rowBytes());
		assertEquals(5120 * 1080, f.frameBytes());
	}

	@Test
	void deckLinkTimeBase() {
		VideoFormat f5994 = VideoFormat.parse("1080p5994");
		assertEquals(60000, f5994.timescale());
		assertEquals(1001, f5994.frameDuration());
		VideoFormat f50 = VideoFormat.parse("1080p50");
		assertEquals(50, f50.timescale());
		assertEquals(1, f50.frameDuration());
		VideoFormat i5994 = VideoFormat.parse("1080i5994");
		assertEquals(30000, i5994.timescale());
		assertEquals(1001, i5994.frameDuration());
	}

	@Test
	void nonStandardFormatsUseTheLongName() {
		VideoFormat lowerFirst1080 = new VideoFormat(1920, 1080, Rational.of(25), PixelFormat.BGRA8,
				ScanMode.INTERLACED_LOWER_FIRST, Colorimetry.REC709);
		assertEquals("1080i50", lowerFirst1080.name());
		VideoFormat wide720 = VideoFormat.of(1920, 720, Rational.of(50), PixelFormat.BGRA8, ScanMode.PROGRESSIVE);
		assertEquals("1920x720p50", wide720.name());
		assertEquals(wide720, VideoFormat.parse(wide720.name()));
		VideoFormat i720 = VideoFormat.of(1280, 720, Rational.of(25), PixelFormat.BGRA8, ScanMode.INTERLACED_UPPER_FIRST);
		assertEquals("1280x720i50", i720.name());
		assertEquals(i720, VideoFormat.parse(i720.name()));
		VideoFormat slow = VideoFormat.of(1920, 1080, Rational.of(5000, 1001), PixelFormat.BGRA8, ScanMode.PROGRESSIVE);
		assertEquals("1080p5000/1001", slow.name());
		assertEquals(slow, VideoFormat.parse(slow.name()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1080", "p50", "1080x50", "1080q50", "1079p50", "720i5994", "2160i50", "1080p5995",
			"1080p59.94", "1080p", "axbp50", "1080pabc" })
	void parseErrorsListTheAcceptedForms(String name) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoFormat.parse(name));
		assertTrue(e.getMessage().contains("1080p50") && e.getMessage().contains("1080i5994"), e.getMessage());
		assertTrue(e.getMessage().contains("\"" + name + "\""), e.getMessage());
	}

	@Test
	void parseReportsTheOutOfRangeValue() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoFormat.parse("1080p300"));
		assertTrue(e.getMessage().contains("frameRate is 300"), e.getMessage());
		assertTrue(e.getMessage().contains("<= 240"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> VideoFormat.parse("9000x1080p50"));
		assertTrue(e.getMessage().contains("width is 9000") && e.getMessage().contains("16..8192"), e.getMessage());
	}

	@Test
	void validationMessagesNameFieldValueAndRange() {
		assertMessage(() -> VideoFormat.of(8, 1080, Rational.of(50), PixelFormat.BGRA8, ScanMode.PROGRESSIVE),
				"width is 8", "16..8192");
		assertMessage(() -> VideoFormat.of(1920, 9000, Rational.of(50), PixelFormat.BGRA8, ScanMode.PROGRESSIVE),
				"height is 9000", "16..8192");
		assertMessage(() -> VideoFormat.of(1921, 1080, Rational.of(50), PixelFormat.UYVY8, ScanMode.PROGRESSIVE),
				"width is 1921", "even for UYVY8");
		assertMessage(() -> VideoFormat.of(1920, 1081, Rational.of(25), PixelFormat.BGRA8,
				ScanMode.INTERLACED_UPPER_FIRST), "height is 1081", "even");
		assertMessage(() -> VideoFormat.of(1920, 1080, Rational.of(241), PixelFormat.BGRA8, ScanMode.PROGRESSIVE),
				"frameRate is 241", "> 0 and <= 240");
		assertMessage(() -> VideoFormat.of(1920, 1080, Rational.ZERO, PixelFormat.BGRA8, ScanMode.PROGRESSIVE),
				"frameRate is 0", "> 0");
		assertMessage(() -> VideoFormat.of(1920, 1080, null, PixelFormat.BGRA8, ScanMode.PROGRESSIVE),
				"frameRate is null");
		// the boundaries themselves are accepted
		VideoFormat.of(16, 16, Rational.of(240), PixelFormat.BGRA8, ScanMode.PROGRESSIVE);
		VideoFormat.of(8192, 8192, Rational.of(1, 1001), PixelFormat.BGRA8, ScanMode.PROGRESSIVE);
		VideoFormat.of(1921, 1080, Rational.of(50), PixelFormat.BGRA8, ScanMode.PROGRESSIVE);
	}

	private static void assertMessage(Runnable r, String... parts) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		for (String part : parts) {
			assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
		}
	}
}
