package org.genlock.deploy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * The versions of each bundle that ran, as {@code <home>/bundles/<bsn>/<version>.jar} (folders
 * and files readable by their owner only: a bundle is code the platform would run). A file's
 * modification time is when that version last became the running one, so the previous version
 * is the newest file but the running one's.
 */
final class KeptVersions {

	private final Path root;

	KeptVersions(Path root) {
		this.root = root;
	}

	Path root() {
		return root;
	}

	Path dir(String bsn) {
		return root.resolve(bsn);
	}

	Path file(String bsn, Version version) {
		return dir(bsn).resolve(version + ".jar");
	}

	boolean has(String bsn, Version version) {
		return Files.isRegularFile(file(bsn, version));
	}

	/** Keeps these bytes as {@code bsn version}, replacing a different copy, and marks it the running one. */
	void keep(String bsn, Version version, byte[] jar) throws IOException {
		Path f = file(bsn, version);
		if (!Files.isRegularFile(f) || !java.util.Arrays.equals(Files.readAllBytes(f), jar)) {
			write(f, jar);
		}
		markRunning(bsn, version);
	}

	/** Keeps the running revision of a bundle unless that version is kept already. */
	void keepRunning(Bundle bundle) throws IOException {
		String bsn = bundle.getSymbolicName();
		if (bsn == null || has(bsn, bundle.getVersion())) {
			return;
		}
		write(file(bsn, bundle.getVersion()), contentOf(bundle));
	}

	void markRunning(String bsn, Version version) throws IOException {
		Path f = file(bsn, version);
		if (Files.isRegularFile(f)) {
			Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
		}
	}

	byte[] read(String bsn, Version version) throws IOException {
		return Files.readAllBytes(file(bsn, version));
	}

	/** The kept versions, newest first. */
	List<Version> versions(String bsn) {
		List<Version> out = new ArrayList<>();
		for (Path f : files(bsn)) {
			version(f).ifPresent(out::add);
		}
		out.sort(Comparator.reverseOrder());
		return out;
	}

	/** The version that ran last before {@code running}, if one is kept. */
	Optional<Version> previous(String bsn, Version running) {
		Version best = null;
		long bestTime = Long.MIN_VALUE;
		for (Path f : files(bsn)) {
			Optional<Version> v = version(f);
			if (v.isEmpty() || v.get().equals(running)) {
				continue;
			}
			try {
				long t = Files.getLastModifiedTime(f).toMillis();
				if (best == null || t > bestTime) {
					best = v.get();
					bestTime = t;
				}
			} catch (IOException gone) {
				// removed meanwhile
			}
		}
		return Optional.ofNullable(best);
	}

	private List<Path> files(String bsn) {
		List<Path> out = new ArrayList<>();
		Path dir = dir(bsn);
		if (!Files.isDirectory(dir)) {
			return out;
		}
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
			s.forEach(out::add);
		} catch (IOException e) {
			// unreadable: nothing kept that we can use
		}
		return out;
	}

	private static Optional<Version> version(Path f) {
		String n = f.getFileName().toString();
		try {
			return Optional.of(Version.parseVersion(n.substring(0, n.length() - ".jar".length())));
		} catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}

	private void write(Path f, byte[] jar) throws IOException {
		ownerOnlyDir(root);
		ownerOnlyDir(f.getParent());
		Path tmp = Files.createTempFile(f.getParent(), ".keep-", ".tmp");
		try {
			Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
			Files.write(tmp, jar);
			try {
				Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	private static void ownerOnlyDir(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			Files.createDirectories(dir);
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		}
	}

	/**
	 * The bundle's running revision as a jar: the manifest first, then every entry of the bundle
	 * itself (not its fragments). Used for the versions the distribution installed, whose
	 * locations are paths inside the exported jar that nothing can read back.
	 */
	static byte[] contentOf(Bundle bundle) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream out = new JarOutputStream(bytes)) {
			URL mf = bundle.getEntry(JarFile.MANIFEST_NAME);
			if (mf != null) {
				out.putNextEntry(new JarEntry(JarFile.MANIFEST_NAME));
				try (InputStream in = mf.openStream()) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
			copy(bundle, "/", out);
		}
		return bytes.toByteArray();
	}

	private static void copy(Bundle bundle, String path, JarOutputStream out) throws IOException {
		Enumeration<String> paths = bundle.getEntryPaths(path);
		if (paths == null) {
			return;
		}
		while (paths.hasMoreElements()) {
			String p = paths.nextElement();
			String name = p.startsWith("/") ? p.substring(1) : p;
			if (name.equals(JarFile.MANIFEST_NAME) || name.isEmpty()) {
				continue;
			}
			if (name.endsWith("/")) {
				if (!name.equals("META-INF/")) {
					out.putNextEntry(new JarEntry(name));
					out.closeEntry();
				}
				copy(bundle, p, out);
				continue;
			}
			URL u = bundle.getEntry(p);
			if (u == null) {
				continue;
			}
			out.putNextEntry(new JarEntry(name));
			try (InputStream in = u.openStream()) {
				in.transferTo(out);
			}
			out.closeEntry();
		}
	}
}
