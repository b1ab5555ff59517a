package org.genlock.output.ffmpeg.itest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real ffmpeg and ffprobe as receivers and analysers, on loopback only. */
final class Tools {

	static final Path HOME = Path.of("target", "itest-home").toAbsolutePath();

	private Tools() {
	}

	static Path dir(String name) throws IOException {
		Path d = HOME.resolve(name + "-" + System.nanoTime());
		Files.createDirectories(d);
		return d;
	}

	static int freeUdpPort() throws IOException {
		try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	static int freeTcpPort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	/** Starts ffmpeg with {@code args}, its messages to {@code log}. */
	static Process ffmpeg(Path log, String... args) throws IOException {
		List<String> c = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning"));
		c.addAll(List.of(args));
		return new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** An SRT listener on loopback copying what it receives into an MPEG-TS file. */
	static Process srtListener(int port, Path out) throws IOException {
		return ffmpeg(Path.of(out + ".log"), "-y", "-i", "srt://127.0.0.1:" + port + "?mode=listener", "-c", "copy",
				"-f", "mpegts", out.toString());
	}

	/**
	 * The same, probing as little as possible and writing every packet at once: its file gets data
	 * as soon as the stream's first keyframe arrived (a default probe, or filling the 32 KB output
	 * buffer, of this low-bitrate picture takes seconds).
	 */
	static Process quickSrtListener(int port, Path out) throws IOException {
		return ffmpeg(Path.of(out + ".log"), "-y", "-probesize", "32", "-analyzeduration", "0", "-f", "mpegts", "-i",
				"srt://127.0.0.1:" + port + "?mode=listener", "-c", "copy", "-flush_packets", "1", "-f", "mpegts",
				out.toString());
	}

	/** Whether a UDP socket is bound to {@code port} on this host (read from /proc, so no bind races the receiver). */
	static boolean udpBound(int port) {
		String hex = String.format(":%04X ", port);
		for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
			try {
				for (String line : Files.readAllLines(Path.of(table))) {
					String[] f = line.trim().split("\\s+");
					if (f.length > 1 && (f[1] + " ").endsWith(hex)) {
						return true;
					}
				}
			} catch (IOException e) {
				// no such table
			}
		}
		return false;
	}

	/** Runs a command to its end (bounded) and returns its standard output. */
	static String run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		byte[] out = p.getInputStream().readAllBytes();
		if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("timed out: " + String.join(" ", command));
		}
		return new String(out, StandardCharsets.UTF_8);
	}

	/** Video packet PTS of a file, in stream time base units, in decode order. */
	static List<Long> pts(Path file) throws IOException, InterruptedException {
		String out = run(120, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts",
				"-of", "csv=p=0", file.toString());
		List<Long> pts = new ArrayList<>();
		for (String l : out.split("\n")) {
			l = l.strip().replace(",", "");
			if (!l.isEmpty() && !l.equals("N/A")) {
				pts.add(Long.parseLong(l));
			}
		}
		return pts;
	}

	/**
	 * Decodes every frame of {@code file} and reads the timecode shader's display-index strip
	 * (rows 0-7, 69 blocks of 8x8) from its pixels: -1 where a frame has no readable strip.
	 */
	static List<Long> stripIndices(Path file) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-vf", "crop=552:8:0:0",
				"-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
		List<Long> indices = new ArrayList<>();
		byte[] frame = new byte[552 * 8 * 3];
		try (DataInputStream in = new DataInputStream(p.getInputStream())) {
			while (true) {
				try {
					in.readFully(frame);
				} catch (EOFException e) {
					break;
				}
				indices.add(strip((x, y) -> frame[(y * 552 + x) * 3 + 1] & 0xff));
			}
		}
		p.waitFor(60, TimeUnit.SECONDS);
		return indices;
	}

	interface Green {
		int at(int x, int y);
	}

	/** The timecode shader's strip (its README): marker 1101, 64 bits LSB first, parity; -1 if unreadable. */
	static long strip(Green g) {
		boolean[] b = new boolean[69];
		for (int k = 0; k < 69; k++) {
			b[k] = g.at(8 * k + 4, 4) >= 128;
		}
		if (!(b[0] && b[1] && !b[2] && b[3])) {
			return -1;
		}
		long v = 0;
		for (int i = 0; i < 64; i++) {
			if (b[4 + i]) {
				v |= 1L << i;
			}
		}
		return ((Long.bitCount(v) & 1) == 1) == b[68] ? v : -1;
	}

	/** A decoded BGRA frame's display index and SHA-256. */
	record Decoded(long index, String sha256) {
	}

	/** Decodes every frame of {@code file} to BGRA and hashes it, reading its index from the strip. */
	static List<Decoded> decodeBgra(Path file, int width, int height) throws Exception {
		Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "rawvideo", "-pix_fmt",
				"bgra", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
		List<Decoded> out = new ArrayList<>();
		byte[] frame = new byte[width * height * 4];
		try (DataInputStream in = new DataInputStream(p.getInputStream())) {
			while (true) {
				try {
					in.readFully(frame);
				} catch (EOFException e) {
					break;
				}
				long index = strip((x, y) -> frame[(y * width + x) * 4 + 1] & 0xff);
				out.add(new Decoded(index, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(frame))));
			}
		}
		p.waitFor(60, TimeUnit.SECONDS);
		return out;
	}

	static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
		} catch (IOException e) {
			return "(no log)";
		}
	}

	static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		in.transferTo(b);
		return b.toByteArray();
	}

	/** The ffmpeg encoders this JVM started (their command line reads raw frames from the output's named pipe). */
	static List<ProcessHandle> encoders() {
		return ProcessHandle.current().descendants()
				.filter(h -> h.info().commandLine().map(c -> c.contains("rawvideo") && c.contains("genlock-ffmpeg-")).orElse(false))
				.toList();
	}

	/** The first audio stream's codec, sample rate and channel count as ffprobe reads them, e.g. {@code pcm_s24le,48000,2}. */
	static String audioStream(Path file) throws IOException, InterruptedException {
		return run(60, "ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
				"stream=codec_name,sample_rate,channels", "-of", "csv=p=0", file.toString()).strip().split("\n")[0].strip();
	}

	/** The video frames of a file as ffprobe counts them by decoding ({@code -count_frames}). */
	static long videoFrames(Path file) throws IOException, InterruptedException {
		return Long.parseLong(run(120, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
				"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()).strip().split("\n")[0].strip());
	}

	/** The overall sample peak of a file's audio in dBFS, as ffmpeg's {@code astats} measures it. */
	static double peakDb(Path file) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostats", "-nostdin", "-i", file.toString(), "-map",
				"0:a:0", "-af", "astats", "-f", "null", "-").redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor(120, TimeUnit.SECONDS);
		int overall = out.lastIndexOf("Overall");
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("Peak level dB: (-?[0-9.]+|-inf)")
				.matcher(overall < 0 ? "" : out.substring(overall));
		if (!m.find()) {
			throw new AssertionError("no overall peak level in astats' output: " + out);
		}
		return "-inf".equals(m.group(1)) ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
	}

	/**
	 * The audio samples (per channel) a recording's frames must hold, from the display index read
	 * from each frame's strip: exact for every frame whose display index the strips pin down, 1
	 * of the format's few sample counts for the rest.
	 *
	 * @param min        the least the frames can hold
	 * @param max        the most (equal to min when every index is known)
	 * @param unknown    frames whose display index is not known
	 * @param firstIndex the first frame's display index, -1 if not known
	 */
	record Expected(long min, long max, int unknown, long firstIndex) {
	}

	/**
	 * A frame is fresh when its strip shows an index above every earlier one (a repeat shows its
	 * original's, a black fill none); a fresh frame aired at the index it shows. The first frame
	 * is known fresh when the next one shows the index after it. A repeat between two fresh
	 * frames whose indices step exactly by their distance aired at its place between them (no
	 * frame was dropped there); any other frame's index is not known.
	 */
	static Expected expectedSamples(List<Long> strips, org.genlock.api.video.FrameTime time) {
		int n = strips.size();
		long[] index = new long[n];
		boolean[] fresh = new boolean[n];
		java.util.Arrays.fill(index, -1);
		long max = -1;
		for (int k = 0; k < n; k++) {
			long s = strips.get(k);
			fresh[k] = k == 0 ? n > 1 && s >= 0 && strips.get(1) == s + 1 : s > max;
			if (fresh[k]) {
				index[k] = s;
			}
			max = Math.max(max, s);
		}
		int lastFresh = -1;
		for (int k = 0; k < n; k++) {
			if (!fresh[k]) {
				continue;
			}
			if (lastFresh >= 0 && index[k] - index[lastFresh] == k - lastFresh) {
				for (int j = lastFresh + 1; j < k; j++) {
					index[j] = index[lastFresh] + (j - lastFresh);
				}
			}
			lastFresh = k;
		}
		int least = Integer.MAX_VALUE;
		int most = 0;
		for (long i = 0; i < 1000; i++) {
			least = Math.min(least, time.audioSamples(i, 48_000));
			most = Math.max(most, time.audioSamples(i, 48_000));
		}
		long min = 0;
		long maxSamples = 0;
		int unknown = 0;
		for (long i : index) {
			if (i >= 0) {
				min += time.audioSamples(i, 48_000);
				maxSamples += time.audioSamples(i, 48_000);
			} else {
				unknown++;
				min += least;
				maxSamples += most;
			}
		}
		return new Expected(min, maxSamples, unknown, n == 0 ? -1 : index[0]);
	}

	static String sha256(byte[] data, int from, int length) throws Exception {
		MessageDigest d = MessageDigest.getInstance("SHA-256");
		d.update(data, from, length);
		return HexFormat.of().formatHex(d.digest());
	}
}
