package org.genlock.output.ffmpeg.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.tap.TapSession;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's feed into a supervised ffmpeg process: raw frames go to its standard input,
 * its progress comes back on standard output and its complaints on standard error. The
 * process is started at the first frame (its timecode is that frame's), and again after it
 * ended (killed, connection lost, receiver gone) with a backoff from 250 ms up to
 * {@code reconnect.max.ms}; frames that arrive while there is no process are discarded and
 * counted. A write that does not progress for {@link #STALL_NANOS} (ffmpeg stuck on a dead
 * connection) kills the process, so the tap's thread is never stuck for long. A crash of
 * ffmpeg is only ever a reconnect: nothing of it reaches the channel.
 *
 * <p>Threads: {@link #frame} and {@link #close} on the tap's thread; a reader thread per
 * process for each of its output streams; the watchdog; {@link #state} on any.
 */
final class FfmpegSession implements TapSession {

	private static final Logger LOG = LoggerFactory.getLogger(FfmpegSession.class);
	static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
	static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);
	/** Streaming this long resets the backoff to its first step. */
	static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(5);
	static final int CHUNK = 1 << 20;
	/** How often a streaming SRT caller asks whether its receiver listens again (see {@link SrtProbe}). */
	static final long PROBE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
	static final int PROBE_TIMEOUT_MILLIS = 250;

	private final String outputId;
	private final String channelId;
	private final VideoFormat format;
	private final Supplier<OutputSettings> settings;
	private final byte[] chunk = new byte[CHUNK];
	private final Thread watchdog;

	private volatile Process process;
	private volatile OutputStream stdin;
	private volatile String state = "idle";
	private volatile String lastError;
	private volatile long writeStartedNanos;
	private volatile long encodedFrames;
	private volatile long streamingSinceNanos;
	private volatile boolean closed;
	/** The SRT listener check of the running process (watchdog's), or null. */
	private volatile SrtProbe probe;
	private long nextStartNanos;
	private long backoffNanos = FIRST_BACKOFF_NANOS;
	private int attempts;
	/** Counters, written on the tap's thread. */
	volatile long written;
	volatile long discarded;
	volatile long restarts;

	FfmpegSession(String outputId, String channelId, VideoFormat format, Supplier<OutputSettings> settings) {
		this.outputId = outputId;
		this.channelId = channelId;
		this.format = format;
		this.settings = settings;
		this.watchdog = new Thread(this::watch, "genlock-ffmpeg-" + outputId + "-" + channelId + "-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	@Override
	public void frame(FrameBuffer frame, long displayIndex) {
		if (closed) {
			return;
		}
		Process p = process;
		if (p == null || !p.isAlive()) {
			if (p != null) {
				ended(p, "ffmpeg exited with status " + exitValue(p));
			}
			if (System.nanoTime() < nextStartNanos || !start(displayIndex)) {
				discarded++;
				return;
			}
		}
		try {
			write(frame);
			written++;
		} catch (IOException e) {
			Process gone = process;
			if (gone != null) {
				gone.destroyForcibly();
				ended(gone, "writing to ffmpeg failed (" + e.getMessage() + ")");
			}
			discarded++;
		}
	}

	/** Writes the frame's rows through a reused heap chunk: no allocation per frame. */
	private void write(FrameBuffer frame) throws IOException {
		ByteBuffer px = frame.pixels();
		int total = frame.rowBytes() * frame.format().height();
		int bytes = format.rowBytes() * format.height();
		OutputStream out = stdin;
		writeStartedNanos = System.nanoTime();
		try {
			if (total == bytes) {
				for (int at = 0; at < total; at += CHUNK) {
					int n = Math.min(CHUNK, total - at);
					px.get(at, chunk, 0, n);
					out.write(chunk, 0, n);
				}
			} else {
				int row = format.rowBytes(); // a padded stride: ffmpeg reads packed rows
				for (int y = 0; y < format.height(); y++) {
					px.get(y * frame.rowBytes(), chunk, 0, row);
					out.write(chunk, 0, row);
				}
			}
			out.flush();
		} finally {
			writeStartedNanos = 0;
		}
	}

	/** Starts ffmpeg for frames from {@code firstIndex}. Tap's thread. */
	private boolean start(long firstIndex) {
		OutputSettings s = settings.get();
		ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
		String problem = s.problem(channelId, now);
		if (problem != null) {
			fail(problem, s);
			return false;
		}
		List<String> command;
		try {
			command = s.command(channelId, format, firstIndex, now);
		} catch (IllegalArgumentException e) {
			fail(e.getMessage(), s);
			return false;
		}
		Process p;
		try {
			p = new ProcessBuilder(command).start();
		} catch (IOException e) {
			fail("cannot run " + s.ffmpeg() + ": " + e.getMessage(), s);
			return false;
		}
		attempts++;
		encodedFrames = 0;
		streamingSinceNanos = 0;
		process = p;
		stdin = p.getOutputStream();
		probe = s.network() ? SrtProbe.forUrl(s.url().replace("{channel}", channelId), PROBE_TIMEOUT_MILLIS) : null;
		state = attempts == 1 ? "connecting" : "reconnecting (attempt " + attempts + ")"
				+ (lastError == null ? "" : ": " + lastError);
		read(p, p.getInputStream(), true);
		read(p, p.getErrorStream(), false);
		LOG.info("output {} for channel {}: started ffmpeg (pid {}) to {}", outputId, channelId, p.pid(), s.url());
		return true;
	}

	private void fail(String reason, OutputSettings s) {
		lastError = reason;
		state = "failed: " + reason;
		backoff(s);
	}

	/** The process ended: schedule the next start. Tap's thread (or close). */
	private void ended(Process p, String reason) {
		if (process != p) {
			return;
		}
		process = null;
		stdin = null;
		closeProbe();
		restarts++;
		String why = lastError != null ? lastError : reason;
		lastError = why;
		state = "reconnecting: " + why;
		LOG.warn("output {} for channel {}: {}; restarting", outputId, channelId, why);
		if (streamingSinceNanos != 0 && System.nanoTime() - streamingSinceNanos > STABLE_NANOS) {
			backoffNanos = FIRST_BACKOFF_NANOS;
		}
		backoff(settings.get());
	}

	private void closeProbe() {
		SrtProbe p = probe;
		probe = null;
		if (p != null) {
			p.close();
		}
	}

	private void backoff(OutputSettings s) {
		nextStartNanos = System.nanoTime() + backoffNanos;
		backoffNanos = Math.min(backoffNanos * 2, TimeUnit.MILLISECONDS.toNanos(s.reconnectMaxMillis()));
	}

	/** Reads ffmpeg's progress (stdout) or messages (stderr) until the process ends. */
	private void read(Process p, InputStream in, boolean progress) {
		Thread t = new Thread(() -> {
			try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				String line;
				while ((line = r.readLine()) != null) {
					if (progress) {
						progress(p, line);
					} else if (!line.isBlank()) {
						lastError = line.strip();
						LOG.debug("output {} for channel {}: ffmpeg: {}", outputId, channelId, line);
					}
				}
			} catch (IOException e) {
				// the process went away
			}
			if (progress && process == p && !closed) {
				// shown at once, also while no frames flow; the tap's thread restarts it at the next frame
				state = "reconnecting: " + (lastError != null ? lastError : "ffmpeg exited");
			}
		}, "genlock-ffmpeg-" + outputId + "-" + channelId + (progress ? "-progress" : "-stderr"));
		t.setDaemon(true);
		t.start();
	}

	private void progress(Process p, String line) {
		if (process != p) {
			return;
		}
		if (line.startsWith("frame=")) {
			try {
				encodedFrames = Long.parseLong(line.substring(6).strip());
			} catch (NumberFormatException e) {
				// ignore a malformed line
			}
		} else if (line.startsWith("progress=") && encodedFrames > 0 && streamingSinceNanos == 0) {
			streamingSinceNanos = System.nanoTime();
			lastError = null;
			state = settings.get().network() ? "streaming" : "recording";
			LOG.info("output {} for channel {}: {}", outputId, channelId, state);
		}
	}

	/**
	 * Kills a process whose input has not moved for {@link #STALL_NANOS}, or whose SRT receiver
	 * is gone: FFmpeg's SRT would notice only after its 5 s peer idle timeout.
	 */
	private void watch() {
		Process probed = null;
		boolean probing = false;
		int unreachable = 0;
		long nextProbe = 0;
		while (!closed) {
			long started = writeStartedNanos;
			Process p = process;
			if (p != null && started != 0 && System.nanoTime() - started > STALL_NANOS) {
				lastError = "ffmpeg took no input for " + TimeUnit.NANOSECONDS.toMillis(STALL_NANOS) + " ms";
				p.destroyForcibly();
			}
			SrtProbe check = probe;
			if (p != null && check != null && streamingSinceNanos != 0 && System.nanoTime() >= nextProbe) {
				nextProbe = System.nanoTime() + PROBE_PERIOD_NANOS;
				SrtProbe.Answer a = check.ask();
				if (probed != p) {
					// first check since this process streams: a receiver that still listens now takes
					// more callers than us, and a listener says nothing about our connection
					probed = p;
					probing = a != SrtProbe.Answer.LISTENING;
					unreachable = 0;
					if (!probing) {
						LOG.info("output {} for channel {}: the SRT receiver keeps listening for other callers; "
								+ "a lost receiver is noticed by SRT's own timeout", outputId, channelId);
					}
				} else if (probing && process == p) {
					unreachable = a == SrtProbe.Answer.UNREACHABLE ? unreachable + 1 : 0;
					if (a == SrtProbe.Answer.LISTENING || unreachable >= 2) {
						lastError = a == SrtProbe.Answer.LISTENING
								? "the SRT receiver was restarted (it listens for a caller again)"
								: "the SRT receiver is gone (port unreachable)";
						LOG.warn("output {} for channel {}: {}; restarting ffmpeg", outputId, channelId, lastError);
						p.destroyForcibly();
					}
				}
			}
			try {
				Thread.sleep(100);
			} catch (InterruptedException e) {
				return;
			}
		}
	}

	private static String exitValue(Process p) {
		try {
			return String.valueOf(p.exitValue());
		} catch (IllegalThreadStateException e) {
			return "(running)";
		}
	}

	@Override
	public String state() {
		return state;
	}

	/** The ffmpeg process now, for status and tests. */
	Process process() {
		return process;
	}

	long encodedFrames() {
		return encodedFrames;
	}

	/** Closes standard input so ffmpeg finishes the file or stream, then waits (bounded) for it. */
	@Override
	public void close() {
		closed = true;
		watchdog.interrupt();
		Process p = process;
		process = null;
		closeProbe();
		state = "closed";
		if (p == null) {
			return;
		}
		try {
			p.getOutputStream().close();
		} catch (IOException e) {
			// already gone
		}
		try {
			if (!p.waitFor(5, TimeUnit.SECONDS)) {
				p.destroyForcibly();
			}
		} catch (InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		LOG.info("output {} for channel {}: closed ({} frames written, {} discarded, {} restarts)", outputId,
				channelId, written, discarded, restarts);
	}
}
