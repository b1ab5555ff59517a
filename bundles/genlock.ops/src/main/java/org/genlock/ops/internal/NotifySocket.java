package org.genlock.ops.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The sending end of systemd's notification socket: a Unix datagram socket, which Java 17's
 * channels cannot open (they do Unix domain streams only), so libc is called through JNA.
 * One datagram per {@link #send}; {@code @} at the start of the address is Linux's abstract
 * namespace, as in {@code sd_notify(3)}.
 */
final class NotifySocket implements AutoCloseable {

	private static final int AF_UNIX = 1;
	private static final int SOCK_DGRAM = 2;
	private static final int SOCK_CLOEXEC = 0x80000;
	private static final int MSG_NOSIGNAL = 0x4000;
	/** sizeof(struct sockaddr_un): sa_family_t and 108 bytes of path. */
	static final int SOCKADDR_UN_SIZE = 110;

	/** libc, registered once per class loader (direct mapping: no proxy per call). */
	private static final class LibC {
		static {
			Native.register(LibC.class, "c");
		}

		static native int socket(int domain, int type, int protocol) throws LastErrorException;

		// size_t and ssize_t are 64 bits on the LP64 platforms Genlock runs on
		static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
				throws LastErrorException;

		static native int close(int fd) throws LastErrorException;
	}

	private final String path;
	private final byte[] address;
	private final int addressLength;
	private final int fd;

	/**
	 * Opens a socket for the address in {@code $NOTIFY_SOCKET}.
	 *
	 * @throws IllegalArgumentException if the address is not a Unix socket path
	 * @throws LastErrorException if the socket cannot be created
	 */
	NotifySocket(String path) {
		this.path = path;
		this.address = address(path);
		this.addressLength = addressLength(path);
		this.fd = LibC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	}

	/** The address as {@code struct sockaddr_un}; {@code @} stands for the leading NUL of an abstract name. */
	static byte[] address(String path) {
		if (path == null || path.length() < 2 || (path.charAt(0) != '/' && path.charAt(0) != '@')) {
			throw new IllegalArgumentException("NOTIFY_SOCKET '" + path
					+ "' is not a Unix socket address (an absolute path, or @name for the abstract namespace)");
		}
		byte[] name = path.getBytes(StandardCharsets.UTF_8);
		if (name.length > SOCKADDR_UN_SIZE - 2 - 1) {
			throw new IllegalArgumentException("NOTIFY_SOCKET '" + path + "' is longer than 107 bytes");
		}
		ByteBuffer b = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
		b.putShort((short) AF_UNIX);
		b.put(name);
		byte[] out = b.array();
		if (path.charAt(0) == '@') {
			out[2] = 0;
		}
		return out;
	}

	/** The family, the name, and the terminating NUL of a path (an abstract name has none). */
	static int addressLength(String path) {
		int name = path.getBytes(StandardCharsets.UTF_8).length;
		return 2 + name + (path.charAt(0) == '@' ? 0 : 1);
	}

	/**
	 * Sends one notification, e.g. {@code "READY=1\nSTATUS=…"}.
	 *
	 * @throws LastErrorException if the datagram cannot be sent (errno in the message)
	 */
	void send(String message) {
		byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
		LibC.sendto(fd, bytes, bytes.length, MSG_NOSIGNAL, address, addressLength);
	}

	String path() {
		return path;
	}

	@Override
	public void close() {
		try {
			LibC.close(fd);
		} catch (LastErrorException e) {
			// nothing was buffered: a datagram socket has nothing to lose on close
		}
	}
}
