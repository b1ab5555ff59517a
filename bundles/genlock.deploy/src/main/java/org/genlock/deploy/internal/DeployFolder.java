package org.genlock.deploy.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code deploy/} folder: which jars it holds for a bundle, and the one it means (the
 * highest version; of equal versions the newest file). Read on every change: the folder holds
 * a handful of jars, and reading them whole is what tells a finished copy from a half-written one.
 */
final class DeployFolder {

	/** A jar in the folder with what it holds. */
	record Entry(Path file, JarInfo jar) {
	}

	private final Path dir;

	DeployFolder(Path dir) {
		this.dir = dir;
	}

	Path dir() {
		return dir;
	}

	/** How a file in the folder is named in messages: {@code deploy/<name>}. */
	String name(Path file) {
		return dir.getFileName() + "/" + file.getFileName();
	}

	boolean holds(Path file) {
		return file.toAbsolutePath().normalize().getParent().equals(dir) && file.getFileName().toString().endsWith(".jar");
	}

	/** The readable bundle jars for {@code bsn}, unreadable and foreign ones left out. */
	List<Entry> jarsFor(String bsn) {
		return all().stream().filter(e -> e.jar().symbolicName().equals(bsn)).toList();
	}

	/** Every readable bundle jar in the folder. */
	List<Entry> all() {
		List<Entry> out = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
			for (Path f : s) {
				try {
					out.add(new Entry(f, JarInfo.read(f)));
				} catch (IOException | JarInfo.NotABundle e) {
					// reported when that file itself was added or changed
				}
			}
		} catch (IOException e) {
			// folder gone: nothing deployed
		}
		return out;
	}

	/** The jar the folder means for {@code bsn}: the highest version, of equal ones the newest file. */
	Optional<Entry> chosen(String bsn) {
		return chosen(jarsFor(bsn));
	}

	static Optional<Entry> chosen(List<Entry> entries) {
		return entries.stream().max(Comparator.comparing((Entry e) -> e.jar().version()).thenComparing(e -> {
			try {
				return Files.getLastModifiedTime(e.file()).toMillis();
			} catch (IOException gone) {
				return 0L;
			}
		}));
	}

	/**
	 * Makes the folder hold exactly {@code jar} for its bundle (after a rollback or an update
	 * from a kept version), so that it says what runs and the next start runs it too.
	 *
	 * @return the file written
	 */
	Path replaceWith(JarInfo jar) throws IOException {
		Path target = dir.resolve(jar.symbolicName() + "-" + jar.version() + ".jar");
		Path tmp = Files.createTempFile(dir, ".genlock-", ".part");
		try {
			Files.write(tmp, jar.bytes());
			try {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
		for (Entry e : jarsFor(jar.symbolicName())) {
			if (!e.file().equals(target)) {
				Files.deleteIfExists(e.file());
			}
		}
		return target;
	}
}
