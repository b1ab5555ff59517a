package org.genlock.output.ffmpeg.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One raw input of an ffmpeg process: a named pipe in the session's private directory that
 * ffmpeg reads ({@code -i <path>}) and one writer thread fills straight from direct buffers
 * through a {@link FileChannel}, with no copy through the Java heap (the process's standard
 * input is an {@code OutputStream} of byte arrays).
 *
 * <p>The writer opens the pipe for reading and writing: that never waits for ffmpeg to open
 * its end (a write-only open would hang for good when ffmpeg fails before reading), and a
 * process with several inputs (video and audio, each with its own writer thread) opens them
 * in any order. The price: ffmpeg's exit is no broken pipe for us, so
 * {@link #close} is called when the process ends, which also wakes a writer blocked in
 * {@link #write}.
 */
final class FifoInput implements AutoCloseable {

	private final Path path;
	private final List<String> arguments;
	private volatile FileChannel channel;

	private FifoInput(Path path, List<String> format) {
		this.path = path;
		List<String> a = new ArrayList<>(format);
		a.add("-i");
		a.add(path.toString());
		this.arguments = List.copyOf(a);
	}

	/**
	 * Makes the named pipe {@code dir/name} (replacing an old one, whose data would be stale)
	 * and opens it for writing.
	 *
	 * @param format ffmpeg's input options before {@code -i}, e.g. {@code -f rawvideo -pix_fmt bgra ...}
	 */
	static FifoInput create(Path dir, String name, List<String> format) throws IOException {
		Path p = dir.resolve(name);
		Files.deleteIfExists(p);
		Process mk = new ProcessBuilder("mkfifo", "-m", "600", p.toString()).redirectErrorStream(true).start();
		try {
			String out = new String(mk.getInputStream().readAllBytes()).strip();
			if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
				mk.destroyForcibly();
				throw new IOException("mkfifo " + p + " failed: " + out);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while making " + p, e);
		}
		FifoInput in = new FifoInput(p, format);
		in.channel = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
		return in;
	}

	/** ffmpeg's options for this input, ending with {@code -i <path>}. */
	List<String> arguments() {
		return arguments;
	}

	/**
	 * Writes {@code length} bytes of {@code buffer} from {@code offset}; blocks while ffmpeg is
	 * behind. Moves the buffer's position and limit during the call only (never its content)
	 * and leaves them at 0 and capacity.
	 *
	 * @throws IOException when the process ended (the input was closed) or the write failed
	 */
	void write(ByteBuffer buffer, int offset, int length) throws IOException {
		FileChannel c = channel;
		if (c == null) {
			throw new IOException("input " + path.getFileName() + " is closed");
		}
		try {
			buffer.limit(offset + length).position(offset);
			while (buffer.hasRemaining()) {
				c.write(buffer);
			}
		} finally {
			buffer.clear();
		}
	}

	/** Whether {@link #close} was called (the process ended or the session closed). */
	boolean closed() {
		return channel == null;
	}

	/** Closes the writer's end (ffmpeg reads to the end of what was written) and removes the pipe. */
	@Override
	public void close() {
		FileChannel c = channel;
		channel = null;
		if (c != null) {
			try {
				c.close();
			} catch (IOException e) {
				// closing anyway
			}
		}
		try {
			Files.deleteIfExists(path);
		} catch (IOException e) {
			// the directory goes with the session
		}
	}
}
