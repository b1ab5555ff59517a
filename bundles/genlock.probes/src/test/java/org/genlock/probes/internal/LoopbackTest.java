package org.genlock.probes.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopbackTest {

	@Test
	void onlyLoopbackAddressesCount() {
		assertTrue(ProbeServlet.loopback("127.0.0.1"));
		assertTrue(ProbeServlet.loopback("127.1.2.3"));
		assertTrue(ProbeServlet.loopback("::1"));
		assertFalse(ProbeServlet.loopback("192.0.2.2"));
		assertFalse(ProbeServlet.loopback("2001:db8::1"));
		assertFalse(ProbeServlet.loopback("::ffff:192.0.2.2"));
		assertFalse(ProbeServlet.loopback(null));
	}
}
