package org.genlock.api.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PixelFormatTest {

	@ParameterizedTest(name = "{0} {1} px -> {2} bytes")
	@CsvSource({ "BGRA8, 1920, 7680", "BGRA8, 1, 4", "BGRA8, 3840, 15360", "UYVY8, 1920, 3840", "UYVY8, 720, 1440",
			"UYVY8, 721, 1444", "V210, 1920, 5120", "V210, 1280, 3456", "V210, 720, 1920", "V210, 3840, 10240",
			"V210, 48, 128", "V210, 49, 256", "V210, 1, 128" })
	void rowBytes(PixelFormat format, int width, int expected) {
		assertEquals(expected, format.rowBytes(width));
	}

	@Test
	void bytesPerFrame() {
		assertEquals(5120 * 1080, PixelFormat.V210.bytesPerFrame(1920, 1080));
		assertEquals(7680 * 1080, PixelFormat.BGRA8.bytesPerFrame(1920, 1080));
		assertEquals(3840 * 2 * 2160, PixelFormat.UYVY8.bytesPerFrame(3840, 2160));
	}

	@Test
	void rejectsBadDimensionsWithFieldInMessage() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelFormat.BGRA8.rowBytes(0));
		assertTrue(e.getMessage().contains("width is 0"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PixelFormat.BGRA8.bytesPerFrame(16, -1));
		assertTrue(e.getMessage().contains("height is -1"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> PixelFormat.BGRA8.bytesPerFrame(1 << 20, 1 << 12));
	}

	@Test
	void alpha() {
		assertTrue(PixelFormat.BGRA8.hasAlpha());
		assertFalse(PixelFormat.V210.hasAlpha());
	}
}
