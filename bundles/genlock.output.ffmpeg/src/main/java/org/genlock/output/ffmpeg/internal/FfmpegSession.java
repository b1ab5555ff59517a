package org.genlock.output.ffmpeg.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.tap.TapSession;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's feed into a supervised ffmpeg process: raw frames go to a named pipe it reads,
 * the frames' audio (when the channel carries audio and the output encodes it) to a second one
 * through an {@link AudioFeed}, its progress comes back on standard output and its complaints
 * on standard error. The
 * process is started at the first frame (its timecode is that frame's), and again after it
 * ended (killed, connection lost, receiver gone) with a backoff from 250 ms up to
 * {@code reconnect.max.ms}; frames that arrive while there is no process are discarded and
 * counted. A write that does not progress for {@link #STALL_NANOS} (ffmpeg stuck on a dead
 * connection) kills the process, so the tap's thread is never stuck for long. A crash of
 * ffmpeg is only ever a reconnect: nothing of it reaches the channel.
 *
 * <p>Threads: {@link #frame} and {@link #close} on the tap's thread; the audio feed's writer; a
 * reader thread per process for each of its output streams; the watchdog; {@link #state} on any.
 */
final class FfmpegSession implements TapSession {

	private static final Logger LOG = LoggerFactory.getLogger(FfmpegSession.class);
	static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
	static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);
	/** Streaming this long resets the backoff to its first step. */
	static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(5);
	/** How often a streaming SRT caller asks whether its receiver listens again (see {@link SrtProbe}). */
	static final long PROBE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
	static final int PROBE_TIMEOUT_MILLIS = 250;

	private final String outputId;
	private final String channelId;
	private final VideoFormat format;
	/** Audio channels in the channel's frames, 0 for none. */
	private final int audioChannels;
	private final Supplier<OutputSettings> settings;
	/** The audio ring and its writer, made at the first start that encodes audio; null before. */
	private volatile AudioFeed audioFeed;
	private final Thread watchdog;

	private volatile Process process;
	/** The running process's video input, or null. */
	private volatile FifoInput video;
	/** The running process's audio input, or null (no audio, or the output encodes none). */
	private volatile FifoInput audio;
	private Path pipes;
	private volatile String state = "idle";
	private volatile String lastError;
	private volatile long writeStartedNanos;
	private volatile long encodedFrames;
	private volatile long streamingSinceNanos;
	private volatile boolean closed;
	/** The URL the running process sends to, for the watchdog's SRT check. */
	private volatile String target;
	private long nextStartNanos;
	private long backoffNanos = FIRST_BACKOFF_NANOS;
	private int attempts;
	/** Counters, written on the tap's thread. */
	volatile long written;
	volatile long discarded;
	volatile long restarts;

	FfmpegSession(String outputId, String channelId, VideoFormat format, Supplier<OutputSettings> settings) {
		this(outputId, channelId, format, 0, settings);
	}

	FfmpegSession(String outputId, String channelId, VideoFormat format, int audioChannels,
			Supplier<OutputSettings> settings) {
		this.outputId = outputId;
		this.channelId = channelId;
		this.format = format;
		this.audioChannels = audioChannels;
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
			FifoInput a = audio;
			if (a != null) {
				// before the pixels: ffmpeg may wait for this frame's audio while our video write waits for it
				// (a full ring means its writer is stuck in a write, which the watchdog times)
				audioFeed.put(frame.audio(), displayIndex, a);
			}
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

	/**
	 * Writes the frame's pixels from its own (direct) buffer into the video pipe: no copy in the
	 * Java heap, no allocation per frame.
	 */
	private void write(FrameBuffer frame) throws IOException {
		ByteBuffer px = frame.pixels();
		FifoInput in = video;
		if (in == null) {
			throw new IOException("no video input");
		}
		writeStartedNanos = System.nanoTime();
		try {
			int row = format.rowBytes();
			if (frame.rowBytes() == row) {
				in.write(px, 0, row * format.height());
			} else {
				for (int y = 0; y < format.height(); y++) { // a padded stride: ffmpeg reads packed rows
					in.write(px, y * frame.rowBytes(), row);
				}
			}
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
		String audioProblem = s.audioProblem(audioChannels);
		if (audioProblem != null) {
			fail(audioProblem, s);
			return false;
		}
		FifoInput in = null;
		FifoInput audioIn = null;
		List<String> command;
		try {
			List<String> inputs = new ArrayList<>();
			// a new name per process: a late close of the previous input removes only its own pipe
			in = FifoInput.create(pipes(), "video-" + (attempts + 1), OutputSettings.videoInput(format));
			inputs.addAll(in.arguments());
			if (s.carriesAudio(audioChannels)) {
				if (audioFeed == null) {
					audioFeed = new AudioFeed(audioChannels, format, "genlock-ffmpeg-" + outputId + "-" + channelId + "-audio");
				}
				audioIn = FifoInput.create(pipes(), "audio-" + (attempts + 1), OutputSettings.audioInput(audioChannels));
				inputs.addAll(audioIn.arguments());
			}
			command = s.command(channelId, format, firstIndex, now, inputs, audioChannels);
		} catch (IllegalArgumentException e) {
			close(in, audioIn);
			fail(e.getMessage(), s);
			return false;
		} catch (IOException e) {
			close(in, audioIn);
			fail("cannot make the pipe to ffmpeg: " + e.getMessage(), s);
			return false;
		}
		Process p;
		try {
			p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
		} catch (IOException e) {
			close(in, audioIn);
			fail("cannot run " + s.ffmpeg() + ": " + e.getMessage(), s);
			return false;
		}
		attempts++;
		encodedFrames = 0;
		streamingSinceNanos = 0;
		video = in;
		audio = audioIn;
		process = p;
		target = s.network() ? s.url().replace("{channel}", channelId) : null;
		state = attempts == 1 ? "connecting" : "reconnecting (attempt " + attempts + ")"
				+ (lastError == null ? "" : ": " + lastError);
		FifoInput[] inputs = { in, audioIn };
		read(p, p.getInputStream(), true, inputs);
		read(p, p.getErrorStream(), false, inputs);
		LOG.info("output {} for channel {}: started ffmpeg (pid {}) to {}", outputId, channelId, p.pid(), s.url());
		return true;
	}

	private static void close(FifoInput... inputs) {
		for (FifoInput i : inputs) {
			if (i != null) {
				i.close();
			}
		}
	}

	/** The session's private directory (mode 700) for the pipes into ffmpeg. */
	private Path pipes() throws IOException {
		if (pipes == null) {
			pipes = Files.createTempDirectory("genlock-ffmpeg-" + outputId + "-" + channelId + "-");
		}
		return pipes;
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
		closeInputs();
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

	/** Closes the pipes into ffmpeg, which also wakes a write blocked on them. */
	private void closeInputs() {
		FifoInput v = video;
		FifoInput a = audio;
		video = null;
		audio = null;
		close(v, a);
	}

	private void backoff(OutputSettings s) {
		nextStartNanos = System.nanoTime() + backoffNanos;
		backoffNanos = Math.min(backoffNanos * 2, TimeUnit.MILLISECONDS.toNanos(s.reconnectMaxMillis()));
	}

	/** Reads ffmpeg's progress (stdout) or messages (stderr) until the process ends. */
	private void read(Process p, InputStream in, boolean progress, FifoInput[] inputs) {
		Thread t = new Thread(() -> {
			try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				String line;
				while ((line = r.readLine()) != null) {
					if (progress) {
						progress(p, line);
					} else if (!line.isBlank() && !benign(line)) {
						lastError = line.strip();
						LOG.debug("output {} for channel {}: ffmpeg: {}", outputId, channelId, line);
					}
				}
			} catch (IOException e) {
				// the process went away
			}
			if (progress) {
				// ffmpeg ended: a write into its pipes would wait for good (the writers also hold the read ends)
				close(inputs);
			}
			if (progress && process == p && !closed) {
				// shown at once, also while no frames flow; the tap's thread restarts it at the next frame
				state = "reconnecting: " + (lastError != null ? lastError : "ffmpeg exited");
			}
		}, "genlock-ffmpeg-" + outputId + "-" + channelId + (progress ? "-progress" : "-stderr"));
		t.setDaemon(true);
		t.start();
	}

	/**
	 * Warnings ffmpeg prints on every start with an audio input that say nothing about a failure,
	 * kept out of the reason a restart shows: its input queue filling (the blocking we want) and
	 * the layout it assumed for the raw audio.
	 */
	private static boolean benign(String line) {
		return line.contains("Thread message queue blocking") || line.contains("Guessed Channel Layout");
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
		SrtProbe probe = null;
		boolean probing = false;
		int unreachable = 0;
		long nextProbe = 0;
		try {
			while (!closed) {
				long started = writeStartedNanos;
				AudioFeed feed = audioFeed;
				long audioStarted = feed == null ? 0 : feed.writeStartedNanos;
				if (started == 0 || (audioStarted != 0 && audioStarted < started)) {
					started = audioStarted;
				}
				Process p = process;
				if (p != null && started != 0 && System.nanoTime() - started > STALL_NANOS) {
					lastError = "ffmpeg took no input for " + TimeUnit.NANOSECONDS.toMillis(STALL_NANOS) + " ms";
					p.destroyForcibly();
				}
				if (p != null && probed != p && streamingSinceNanos != 0) {
					// first check since this process streams (resolving the host here, never on the tap's thread):
					// a receiver that still listens now takes more callers than us, and its answers say nothing
					// about our connection
					probed = p;
					if (probe != null) {
						probe.close();
					}
					String url = target;
					probe = url == null ? null : SrtProbe.forUrl(url, PROBE_TIMEOUT_MILLIS);
					probing = probe != null && probe.ask() != SrtProbe.Answer.LISTENING;
					unreachable = 0;
					nextProbe = System.nanoTime() + PROBE_PERIOD_NANOS;
					if (probe != null && !probing) {
						LOG.info("output {} for channel {}: the SRT receiver keeps listening for other callers; "
								+ "a lost receiver is noticed by SRT's own timeout", outputId, channelId);
					}
				} else if (p != null && p == probed && probing && System.nanoTime() >= nextProbe) {
					nextProbe = System.nanoTime() + PROBE_PERIOD_NANOS;
					SrtProbe.Answer a = probe.ask();
					unreachable = a == SrtProbe.Answer.UNREACHABLE ? unreachable + 1 : 0;
					if (process == p && (a == SrtProbe.Answer.LISTENING || unreachable >= 2)) {
						lastError = a == SrtProbe.Answer.LISTENING
								? "the SRT receiver was restarted (it listens for a caller again)"
								: "the SRT receiver is gone (port unreachable)";
						LOG.warn("output {} for channel {}: {}; restarting ffmpeg", outputId, channelId, lastError);
						p.destroyForcibly();
						probing = false;
					}
				}
				Thread.sleep(100);
			}
		} catch (InterruptedException e) {
			// closed
		} finally {
			if (probe != null) {
				probe.close();
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

	/** Closes the pipes so ffmpeg finishes the file or stream, then waits (bounded) for it. */
	@Override
	public void close() {
		FifoInput a = audio;
		if (a != null) {
			audioFeed.flush(a, TimeUnit.NANOSECONDS.toMillis(STALL_NANOS)); // the last frames' audio, then its end
		}
		closed = true;
		watchdog.interrupt();
		Process p = process;
		closeInputs();
		AudioFeed feed = audioFeed;
		if (feed != null) {
			feed.close();
		}
		state = "closed";
		try {
			if (p != null && !p.waitFor(5, TimeUnit.SECONDS)) {
				p.destroyForcibly();
			}
		} catch (InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
		} finally {
			process = null;
			deletePipes();
		}
		if (p != null) {
			LOG.info("output {} for channel {}: closed ({} frames written, {} discarded, {} restarts)", outputId,
					channelId, written, discarded, restarts);
		}
	}

	private void deletePipes() {
		Path d = pipes;
		if (d == null) {
			return;
		}
		try (var files = Files.list(d)) {
			for (Path f : files.toList()) {
				Files.deleteIfExists(f);
			}
			Files.deleteIfExists(d);
		} catch (IOException e) {
			LOG.debug("output {} for channel {}: could not remove {}: {}", outputId, channelId, d, e.getMessage());
		}
	}
}
