package org.genlock.distribution.itest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * systemd's end of the notification socket, for tests: a bound Unix datagram socket (Java's
 * channels cannot open one, hence libc through JNA) and a thread that records every datagram
 * in arrival order.
 */
final class NotifyReceiver implements AutoCloseable {

	private static final int AF_UNIX = 1;
	private static final int SOCK_DGRAM = 2;
	private static final int SOL_SOCKET = 1;
	private static final int SO_RCVTIMEO = 20;
	private static final int EAGAIN = 11;

	private static final class LibC {
		static {
			Native.register(LibC.class, "c");
		}

		static native int socket(int domain, int type, int protocol) throws LastErrorException;

		static native int bind(int fd, byte[] address, int length) throws LastErrorException;

		static native int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

		static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

		static native int close(int fd) throws LastErrorException;
	}

	/** One datagram and when it arrived. */
	record Message(long nanos, String text) {}

	final Path path;
	private final int fd;
	private final List<Message> messages = new ArrayList<>();
	private final Thread reader;
	private volatile boolean open = true;

	NotifyReceiver(Path path) {
		this.path = path;
		this.fd = LibC.socket(AF_UNIX, SOCK_DGRAM, 0);
		byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
		ByteBuffer address = ByteBuffer.allocate(110).order(ByteOrder.nativeOrder());
		address.putShort((short) AF_UNIX).put(name);
		LibC.bind(fd, address.array(), 2 + name.length + 1);
		// a receive times out every 200 ms so that close() ends the reader
		ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0).putLong(200_000);
		LibC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout.array(), 16);
		reader = new Thread(this::read, "notify-receiver");
		reader.setDaemon(true);
		reader.start();
	}

	private void read() {
		byte[] buffer = new byte[4096];
		while (open) {
			long n;
			try {
				n = LibC.recv(fd, buffer, buffer.length, 0);
			} catch (LastErrorException e) {
				if (e.getErrorCode() == EAGAIN || e.getErrorCode() == 4 /* EINTR */) {
					continue;
				}
				throw e;
			}
			synchronized (messages) {
				messages.add(new Message(System.nanoTime(), new String(buffer, 0, (int) n, StandardCharsets.UTF_8)));
				messages.notifyAll();
			}
		}
	}

	List<Message> messages() {
		synchronized (messages) {
			return List.copyOf(messages);
		}
	}

	@Override
	public void close() throws InterruptedException {
		open = false;
		reader.join(5000);
		LibC.close(fd);
	}
}
