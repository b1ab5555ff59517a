package org.genlock.itest.support.channel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the clock device's hash log: one line per aired frame,
 * {@code <display index> <sha-256 of the pixels> audio=<sha-256 of the frame's audio or ->}.
 * Lines without both hashes complete (the device writes behind the air, so the last line may
 * be half written) are left out.
 */
public final class HashLog {

	private static final Pattern LINE = Pattern.compile("(\\d+) ([0-9a-f]{64}) audio=([0-9a-f]{64}|-)");

	/**
	 * One aired frame.
	 *
	 * @param index   its display index
	 * @param picture the SHA-256 hex of its {@code rowBytes * height} pixel bytes
	 * @param audio   the SHA-256 hex of its interleaved audio bytes, {@code "-"} if it carried none
	 */
	public record Line(long index, String picture, String audio) {

		/** Whether the frame carried audio. */
		public boolean hasAudio() {
			return !"-".equals(audio);
		}
	}

	private HashLog() {
	}

	/**
	 * Returns the complete lines of a hash log in file order; none if the file does not exist
	 * yet.
	 */
	public static List<Line> read(Path log) throws IOException {
		List<Line> lines = new ArrayList<>();
		if (!Files.exists(log)) {
			return lines;
		}
		for (String text : Files.readAllLines(log)) {
			Matcher m = LINE.matcher(text.strip());
			if (m.matches()) {
				lines.add(new Line(Long.parseLong(m.group(1)), m.group(2), m.group(3)));
			}
		}
		return lines;
	}
}
