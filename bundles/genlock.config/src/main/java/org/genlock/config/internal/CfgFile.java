package org.genlock.control.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes one key of a FileInstall {@code .cfg} file in place, keeping its comments and the
 * order of its lines, and replaces the file atomically (a temporary file moved over it), so a
 * directory watcher polling at that moment reads the old file or the new one, never a torn
 * one. FileInstall's own write-back is switched off in the distribution for that reason: it
 * truncates and rewrites every file it loads at start, and a poll during the rewrite can
 * load a partial file (seen here: a channel that came up without its channel.id).
 */
final class CfgFile {

	private CfgFile() {
	}

	/** Sets {@code key} to {@code value}: replaces its line, or appends one. */
	static void set(Path file, String key, String value) throws IOException {
		List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
		Pattern keyLine = Pattern.compile("^\\s*" + Pattern.quote(escapeKey(key)) + "\\s*[=:].*$");
		String line = escapeKey(key) + "=" + escapeValue(value);
		boolean replaced = false;
		for (int i = 0; i < lines.size(); i++) {
			if (keyLine.matcher(lines.get(i)).matches() && !continued(lines, i)) {
				lines.set(i, line);
				replaced = true;
				break;
			}
		}
		if (!replaced) {
			lines.add(line);
		}
		Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
		try {
			Files.write(tmp, lines, StandardCharsets.ISO_8859_1);
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Whether the line before {@code i} ends in a continuation backslash (then {@code i} is not a key line). */
	private static boolean continued(List<String> lines, int i) {
		if (i == 0) {
			return false;
		}
		String prev = lines.get(i - 1);
		int slashes = 0;
		for (int k = prev.length() - 1; k >= 0 && prev.charAt(k) == '\\'; k--) {
			slashes++;
		}
		return slashes % 2 == 1;
	}

	private static String escapeKey(String key) {
		return escape(key, true);
	}

	static String escapeValue(String value) {
		return escape(value, false);
	}

	/** java.util.Properties escaping, ISO-8859-1 with \\uXXXX beyond it. */
	private static String escape(String s, boolean key) {
		StringBuilder b = new StringBuilder(s.length() + 8);
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '\\' -> b.append("\\\\");
				case '\n' -> b.append("\\n");
				case '\r' -> b.append("\\r");
				case '\t' -> b.append("\\t");
				case ' ' -> b.append(i == 0 || key ? "\\ " : " ");
				case '=', ':', '#', '!' -> b.append(key || i == 0 ? "\\" + c : String.valueOf(c));
				default -> {
					if (c < 0x20 || c > 0xff) {
						b.append(String.format("\\u%04x", (int) c));
					} else {
						b.append(c);
					}
				}
			}
		}
		return b.toString();
	}
}
