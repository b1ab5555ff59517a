package org.genlock.output.ffmpeg.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Asks the SRT listener an output calls whether it is waiting for a caller: one SRT induction
 * handshake (the stateless first step of every SRT connection; the listener keeps nothing of
 * it and no connection is made) and the answer, none, or an ICMP "port unreachable".
 *
 * <p>Why: FFmpeg 5.1 cannot shorten SRT's 5 s peer idle timeout, so a caller keeps sending to a
 * receiver that was killed until then, also when a new receiver already listens on the same
 * port. A receiver that serves one caller (ffmpeg {@code mode=listener}, most decoders) stops
 * listening once it accepted us, so a listener that answers later is a new receiver and our
 * connection is stale. A receiver that keeps listening for more callers answers from the
 * start: {@link FfmpegSession} checks that once and then leaves the probe alone.
 */
final class SrtProbe implements AutoCloseable {

	enum Answer {
		/** A listener answered the induction: it waits for a caller. */
		LISTENING,
		/** Nothing answered in time (a connected single-caller receiver, or a lost datagram). */
		SILENT,
		/** ICMP port unreachable: nothing is bound to the port. */
		UNREACHABLE
	}

	static final int HANDSHAKE_BYTES = 64;
	private static final int CONTROL_HANDSHAKE = 0x8000_0000;
	private static final int INDUCTION = 1;

	private final DatagramSocket socket;
	private final ByteBuffer request = ByteBuffer.allocate(HANDSHAKE_BYTES);
	private final byte[] reply = new byte[1500];
	private final int socketId;
	private final InetAddress address;

	private SrtProbe(InetSocketAddress target, int timeoutMillis) throws IOException {
		this.address = target.getAddress();
		this.socket = new DatagramSocket();
		socket.connect(target); // connected: the kernel reports ICMP port unreachable to us
		socket.setSoTimeout(timeoutMillis);
		this.socketId = 1 + ThreadLocalRandom.current().nextInt(0x3FFF_FFFF);
	}

	/**
	 * A probe for an SRT URL in caller mode ({@code srt://host:port}, no {@code mode=} or
	 * {@code mode=caller}), or null: another scheme, listener or rendezvous mode, or a host that
	 * does not resolve (ffmpeg reports that itself).
	 */
	static SrtProbe forUrl(String url, int timeoutMillis) {
		if (!"srt".equals(OutputSettings.scheme(url))) {
			return null;
		}
		try {
			URI u = new URI(url);
			String q = u.getRawQuery() == null ? "" : u.getRawQuery().toLowerCase(Locale.ROOT);
			for (String kv : q.split("&")) {
				if (kv.startsWith("mode=") && !kv.equals("mode=caller")) {
					return null;
				}
			}
			if (u.getHost() == null || u.getPort() <= 0) {
				return null;
			}
			InetSocketAddress target = new InetSocketAddress(u.getHost(), u.getPort());
			if (target.isUnresolved()) {
				return null;
			}
			return new SrtProbe(target, timeoutMillis);
		} catch (Exception e) {
			return null;
		}
	}

	/** Sends one induction and waits (bounded by the timeout) for the listener's answer. */
	Answer ask() {
		request.clear();
		request.putInt(CONTROL_HANDSHAKE); // control packet, type handshake
		request.putInt(0); // type-specific information
		request.putInt((int) (System.nanoTime() / 1000)); // timestamp, microseconds
		request.putInt(0); // destination socket id: none yet
		request.putInt(4); // handshake version: 4 in an induction request (also from HSv5 callers)
		request.putShort((short) 0); // encryption: none announced
		request.putShort((short) 2); // extension field: UDT_DGRAM, as induction requests carry
		request.putInt(ThreadLocalRandom.current().nextInt(0x7FFF_FFFF)); // initial sequence number
		request.putInt(1500); // MTU
		request.putInt(8192); // flow window
		request.putInt(INDUCTION);
		request.putInt(socketId);
		request.putInt(0); // SYN cookie: the listener makes one
		byte[] ip = address instanceof Inet4Address ? address.getAddress() : new byte[4];
		request.put(ip[3]).put(ip[2]).put(ip[1]).put(ip[0]); // peer address: IPv4 in the first word, host order
		request.putInt(0).putInt(0).putInt(0);
		try {
			socket.send(new DatagramPacket(request.array(), HANDSHAKE_BYTES));
			long deadline = System.nanoTime() + socket.getSoTimeout() * 1_000_000L;
			while (System.nanoTime() < deadline) {
				DatagramPacket p = new DatagramPacket(reply, reply.length);
				socket.receive(p);
				if (isInductionReply(ByteBuffer.wrap(reply, 0, p.getLength()))) {
					return Answer.LISTENING;
				}
			}
			return Answer.SILENT;
		} catch (PortUnreachableException e) {
			return Answer.UNREACHABLE;
		} catch (SocketTimeoutException e) {
			return Answer.SILENT;
		} catch (IOException e) {
			return Answer.SILENT;
		}
	}

	private boolean isInductionReply(ByteBuffer b) {
		return b.remaining() >= HANDSHAKE_BYTES && b.getInt(0) == CONTROL_HANDSHAKE && b.getInt(12) == socketId
				&& b.getInt(36) == INDUCTION;
	}

	@Override
	public void close() {
		socket.close();
	}
}
