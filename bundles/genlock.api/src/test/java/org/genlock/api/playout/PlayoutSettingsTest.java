package org.genlock.api.playout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlayoutSettingsTest {

	private static void assertMessage(Runnable r, String... parts) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		for (String part : parts) {
			assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
		}
	}

	@Test
	void defaultsAreValidAndSatisfyThePoolInvariant() {
		PlayoutSettings d = PlayoutSettings.DEFAULTS;
		assertTrue(d.framePoolSize() >= d.prerollFrames() + d.maxReadyFrames() + 1 + d.minSpareDeviceBuffers());
		assertTrue(d.targetReadyFrames() <= d.maxReadyFrames());
		assertEquals(d, new PlayoutSettings(12, 4, 2, 4, 1, 2, false, 4));
	}

	@Test
	void poolTooSmallExplainsTheSum() {
		assertMessage(() -> new PlayoutSettings(9, 4, 2, 4, 1, 2, false, 4), "framePoolSize is 9", "10..256",
				"4 + 4 + 1 + 1 = 10");
		new PlayoutSettings(10, 4, 2, 4, 1, 2, false, 4); // exactly the minimum is fine
		assertEquals(10, PlayoutSettings.minimumPoolSize(4, 4, 1));
		assertMessage(() -> new PlayoutSettings(257, 4, 2, 4, 1, 2, false, 4), "framePoolSize is 257");
	}

	@Test
	void fieldRanges() {
		assertMessage(() -> new PlayoutSettings(12, 0, 2, 4, 1, 2, false, 4), "prerollFrames is 0", "1..64");
		assertMessage(() -> new PlayoutSettings(12, 4, 0, 4, 1, 2, false, 4), "targetReadyFrames is 0", "1..4");
		assertMessage(() -> new PlayoutSettings(12, 4, 5, 4, 1, 2, false, 4), "targetReadyFrames is 5", "1..4");
		assertMessage(() -> new PlayoutSettings(12, 4, 2, 0, 1, 2, false, 4), "maxReadyFrames is 0", "1..64");
		assertMessage(() -> new PlayoutSettings(12, 4, 2, 4, -1, 2, false, 4), "minSpareDeviceBuffers is -1", "0..64");
		assertMessage(() -> new PlayoutSettings(12, 4, 2, 4, 1, -1, false, 4), "maxCatchUpFrames is -1", "0..64");
	}

	@Test
	void adaptiveHeadroomMustLieBetweenTargetAndCapacity() {
		assertMessage(() -> new PlayoutSettings(14, 4, 3, 6, 1, 2, true, 2), "maxHeadroomFrames is 2", "3..6");
		assertMessage(() -> new PlayoutSettings(14, 4, 3, 6, 1, 2, true, 7), "maxHeadroomFrames is 7", "3..6");
		PlayoutSettings adaptive = new PlayoutSettings(14, 4, 3, 6, 1, 2, true, 5);
		assertEquals(5, adaptive.readyTargetCeiling());
		PlayoutSettings fixed = new PlayoutSettings(14, 4, 3, 6, 1, 2, false, 0);
		assertEquals(3, fixed.readyTargetCeiling());
	}
}
