package org.genlock.ops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WatchdogTest {

	@Test
	void pingsAtHalfTheTimeout() {
		Watchdog w = Watchdog.of("10000000", null, 42);
		assertTrue(w.enabled());
		assertEquals(5_000_000_000L, w.intervalNanos());
	}

	@Test
	void offWithoutTimeoutOrForAnotherProcess() {
		assertFalse(Watchdog.of(null, null, 42).enabled());
		assertFalse(Watchdog.of("10000000", "7", 42).enabled());
		assertTrue(Watchdog.of("10000000", "42", 42).enabled());
	}

	@Test
	void badTimeoutIsNamed() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Watchdog.of("ten", null, 42));
		assertTrue(e.getMessage().contains("WATCHDOG_USEC 'ten'"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Watchdog.of("0", null, 42));
	}
}
