package org.genlock.api.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.Test;

class DeviceInfoTest {

	@Test
	void copiesFormatsAndAnswersSupports() {
		List<VideoFormat> formats = new ArrayList<>(List.of(VideoFormat.parse("1080p50")));
		DeviceInfo info = new DeviceInfo("clock", "Software clock", formats, false, false, 16);
		formats.add(VideoFormat.parse("1080i50"));
		assertEquals(1, info.supportedFormats().size());
		assertTrue(info.supports(VideoFormat.parse("1080p50")));
		assertFalse(info.supports(VideoFormat.parse("1080i50")));
		assertThrows(UnsupportedOperationException.class, () -> info.supportedFormats().clear());
	}

	@Test
	void validation() {
		List<VideoFormat> one = List.of(VideoFormat.parse("1080p50"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new DeviceInfo("clock", "Clock", one, false, false, 0));
		assertTrue(e.getMessage().contains("maxBufferedFrames") && e.getMessage().contains("is 0"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new DeviceInfo("", "Clock", one, false, false, 4));
		assertThrows(IllegalArgumentException.class, () -> new DeviceInfo("clock", "Clock", List.of(), false, false, 4));
		assertTrue(CompletionResult.DISPLAYED_LATE.aired());
		assertFalse(CompletionResult.FLUSHED.aired());
	}
}
