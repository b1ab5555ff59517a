package org.genlock.output.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * The probe against loopback sockets standing in for an SRT listener (the integration test
 * runs it against real ffmpeg listeners).
 */
class SrtProbeTest {

	@Test
	void onlySrtCallersAreProbed() {
		assertNull(SrtProbe.forUrl("rtmp://127.0.0.1/live/x", 100));
		assertNull(SrtProbe.forUrl("srt://127.0.0.1:9000?mode=listener", 100));
		assertNull(SrtProbe.forUrl("srt://127.0.0.1:9000?latency=20000&mode=rendezvous", 100));
		try (SrtProbe p = SrtProbe.forUrl("srt://127.0.0.1:9000?latency=20000&mode=caller", 100)) {
			assertNotNull(p);
		}
	}

	@Test
	void aListenerThatAnswersTheInductionIsListening() throws Exception {
		try (DatagramSocket listener = new DatagramSocket(0, InetAddress.getLoopbackAddress());
				SrtProbe p = SrtProbe.forUrl("srt://127.0.0.1:" + listener.getLocalPort(), 2000)) {
			Thread answer = new Thread(() -> {
				try {
					byte[] b = new byte[1500];
					DatagramPacket in = new DatagramPacket(b, b.length);
					listener.receive(in);
					ByteBuffer req = ByteBuffer.wrap(b, 0, in.getLength());
					ByteBuffer reply = ByteBuffer.allocate(SrtProbe.HANDSHAKE_BYTES);
					reply.putInt(0, 0x8000_0000); // control, handshake
					reply.putInt(12, req.getInt(40)); // to the caller's socket id
					reply.putInt(16, 5); // HSv5
					reply.putInt(36, 1); // induction
					reply.putInt(44, 0x1234_5678); // the listener's cookie
					listener.send(new DatagramPacket(reply.array(), SrtProbe.HANDSHAKE_BYTES, in.getSocketAddress()));
				} catch (Exception e) {
					// the probe then reports SILENT and the test fails
				}
			});
			answer.start();
			assertEquals(SrtProbe.Answer.LISTENING, p.ask());
			answer.join(2000);
		}
	}

	@Test
	void aConnectedReceiverSaysNothingAndAClosedPortIsUnreachable() throws Exception {
		int port;
		try (DatagramSocket quiet = new DatagramSocket(0, InetAddress.getLoopbackAddress());
				SrtProbe p = SrtProbe.forUrl("srt://127.0.0.1:" + quiet.getLocalPort(), 200)) {
			port = quiet.getLocalPort();
			assertEquals(SrtProbe.Answer.SILENT, p.ask());
		}
		try (SrtProbe p = SrtProbe.forUrl("srt://127.0.0.1:" + port, 1000)) {
			assertEquals(SrtProbe.Answer.UNREACHABLE, p.ask());
		}
	}
}
