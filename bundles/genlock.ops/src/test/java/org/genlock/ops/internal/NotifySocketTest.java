package org.genlock.ops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class NotifySocketTest {

	@Test
	void pathAddressIsFamilyNameAndNul() {
		byte[] a = NotifySocket.address("/run/x");
		assertEquals(NotifySocket.SOCKADDR_UN_SIZE, a.length);
		assertEquals(1, ByteBuffer.wrap(a).order(ByteOrder.nativeOrder()).getShort());
		assertEquals('/', a[2]);
		assertEquals('x', a[7]);
		assertEquals(0, a[8]);
		assertEquals(2 + 6 + 1, NotifySocket.addressLength("/run/x"));
	}

	@Test
	void abstractAddressStartsWithNulAndHasNoTerminator() {
		byte[] a = NotifySocket.address("@sd");
		assertEquals(0, a[2]);
		assertEquals('s', a[3]);
		assertEquals(2 + 3, NotifySocket.addressLength("@sd"));
	}

	@Test
	void badAddressesAreNamed() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotifySocket.address("run/x"));
		assertTrue(e.getMessage().contains("NOTIFY_SOCKET 'run/x'"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> NotifySocket.address("/" + "x".repeat(107)));
	}
}
