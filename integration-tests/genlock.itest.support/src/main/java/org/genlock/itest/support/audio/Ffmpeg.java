package org.genlock.itest.support.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ffprobe and ffmpeg (Debian package {@code ffmpeg}, installed by {@code .ci/run}) as the
 * independent readers of recorded audio. A missing tool is a failure telling how to install
 * it, never a skip.
 */
public final class Ffmpeg {

	static final String INSTALL = " is needed to read recorded audio: install the Debian package 'ffmpeg' "
			+ "(apt-get install ffmpeg)";

	/** A {@code "key": value} of ffprobe's JSON; the stream's fields are flat. */
	private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": \"?([^\",\\n]*)\"?");

	private Ffmpeg() {
	}

	/**
	 * Returns the first stream's fields from {@code ffprobe -v error -show_streams -of json},
	 * as ffprobe prints them (e.g. {@code channels=2}, {@code sample_fmt=s32},
	 * {@code duration_ts=96000}).
	 */
	public static Map<String, String> probeStream(Path file) throws InterruptedException {
		String json = new String(run(List.of("ffprobe", "-v", "error", "-show_streams", "-of", "json",
				file.toString())), StandardCharsets.UTF_8);
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher m = FIELD.matcher(json);
		while (m.find()) {
			fields.putIfAbsent(m.group(1), m.group(2).strip());
		}
		return fields;
	}

	/** Returns the file's audio as ffmpeg decodes it: interleaved signed 32-bit little-endian. */
	public static byte[] decodeS32le(Path file) throws InterruptedException {
		return run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString(), "-f", "s32le", "-"));
	}

	/** Runs a command and returns its standard output; a failure names the command and its stderr. */
	static byte[] run(List<String> command) throws InterruptedException {
		Process p;
		try {
			p = new ProcessBuilder(new ArrayList<>(command)).start();
		} catch (IOException e) {
			throw new AssertionError(command.get(0) + INSTALL + " (" + e.getMessage() + ")", e);
		}
		CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
		byte[] out = readAll(p.getInputStream());
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError(command + " did not finish within 120 s");
		}
		if (p.exitValue() != 0) {
			throw new AssertionError(command + " exited with " + p.exitValue() + ": "
					+ new String(err.join(), StandardCharsets.UTF_8).strip());
		}
		return out;
	}

	private static byte[] readAll(InputStream in) {
		try (in) {
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
