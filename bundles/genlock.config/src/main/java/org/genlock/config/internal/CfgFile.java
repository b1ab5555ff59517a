package org.genlock.config.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes FileInstall {@code .cfg} files the way an operator keeps them: a change
 * replaces only the lines of the changed keys (comments, order and the other lines stay as
 * they are) and the file is replaced atomically (a temporary file moved over it), so a
 * directory watcher polling at that moment reads the old file or the new one, never a torn
 * one, and the file keeps its permissions. FileInstall's own write-back is off in the
 * distribution for that reason: it rewrites every file it loads at start, and a poll during
 * the rewrite once loaded a channel without its channel.id. ISO-8859-1, as FileInstall reads.
 */
final class CfgFile {

	private CfgFile() {
	}

	static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.ISO_8859_1);
	}

	/** The values as FileInstall loads a plain {@code .cfg} file: text, keys in file order. */
	static Map<String, String> parse(String text) {
		Map<String, String> values = new LinkedHashMap<>();
		Properties p = new Properties() {
			private static final long serialVersionUID = 1L;

			@Override
			public synchronized Object put(Object key, Object value) {
				values.put((String) key, (String) value);
				return super.put(key, value);
			}
		};
		try {
			p.load(new StringReader(text));
		} catch (IOException | IllegalArgumentException e) {
			throw new IllegalArgumentException("not a properties file: " + e.getMessage(), e);
		}
		return values;
	}

	/**
	 * The text with {@code changes} applied: each key's line replaced (with its continuation
	 * lines), a new key appended, a key whose value is null removed.
	 */
	static String apply(String text, Map<String, String> changes) {
		List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
		boolean endsWithNewline = !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty();
		if (endsWithNewline) {
			lines.remove(lines.size() - 1);
		}
		for (Map.Entry<String, String> change : changes.entrySet()) {
			String key = change.getKey();
			Pattern keyLine = Pattern.compile("^\\s*" + Pattern.quote(escape(key, true)) + "\\s*[=:\\s].*$|^\\s*"
					+ Pattern.quote(escape(key, true)) + "$");
			String line = change.getValue() == null ? null : escape(key, true) + "=" + escape(change.getValue(), false);
			boolean found = false;
			boolean[] continuation = continuations(lines);
			for (int i = 0; i < lines.size(); i++) {
				if (continuation[i] || !keyLine.matcher(lines.get(i)).matches()) {
					continue;
				}
				int end = i + 1;
				while (end < lines.size() && continuation[end]) {
					end++; // the old value's continuation lines go with it
				}
				lines.subList(i + 1, end).clear();
				if (line == null) {
					lines.remove(i);
				} else {
					lines.set(i, line);
				}
				found = true;
				break;
			}
			if (!found && line != null) {
				lines.add(line);
			}
		}
		return String.join("\n", lines) + "\n";
	}

	/**
	 * Replaces {@code file} with {@code text} atomically, keeping its permissions; a new
	 * file gets {@code newPermissions}.
	 */
	static void write(Path file, String text, Set<PosixFilePermission> newPermissions) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Set<PosixFilePermission> mode = Files.exists(file) ? permissions(file) : newPermissions;
		Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
		try {
			Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
			if (mode != null) {
				Files.setPosixFilePermissions(tmp, mode);
			}
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
	static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

	private static Set<PosixFilePermission> permissions(Path file) throws IOException {
		try {
			return Files.getPosixFilePermissions(file);
		} catch (UnsupportedOperationException e) {
			return null;
		}
	}

	/** For each line, whether it continues the logical line before it (as java.util.Properties reads). */
	private static boolean[] continuations(List<String> lines) {
		boolean[] continuation = new boolean[lines.size()];
		boolean next = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			continuation[i] = next;
			String lead = line.stripLeading();
			if (!next && (lead.isEmpty() || lead.startsWith("#") || lead.startsWith("!"))) {
				next = false; // a comment or blank line never continues
				continue;
			}
			int slashes = 0;
			for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
				slashes++;
			}
			next = slashes % 2 == 1;
		}
		return continuation;
	}

	/** java.util.Properties escaping, ISO-8859-1 with \\uXXXX beyond it. */
	static String escape(String s, boolean key) {
		StringBuilder b = new StringBuilder(s.length() + 8);
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '\\' -> b.append("\\\\");
				case '\n' -> b.append("\\n");
				case '\r' -> b.append("\\r");
				case '\t' -> b.append("\\t");
				case '\f' -> b.append("\\f");
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
