package org.genlock.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * A bundle jar read into memory: its identity and the manifest the requirement check reads.
 * Reading all of it first means a jar still being copied into deploy/ is either whole or
 * refused, never installed half-written.
 */
record JarInfo(String symbolicName, Version version, Attributes manifest, byte[] bytes, String sha256) {

	/** A jar that is not a bundle: the message says what is missing. */
	static final class NotABundle extends Exception {
		private static final long serialVersionUID = 1L;

		NotABundle(String message) {
			super(message);
		}
	}

	static JarInfo read(Path file) throws IOException, NotABundle {
		return of(Files.readAllBytes(file));
	}

	static JarInfo of(byte[] bytes) throws IOException, NotABundle {
		Manifest mf;
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
			mf = in.getManifest();
			if (mf == null) {
				if (in.getNextJarEntry() == null) {
					throw new NotABundle("it is not a jar (no zip entries)");
				}
				throw new NotABundle("it has no META-INF/MANIFEST.MF: it is a plain jar, not an OSGi bundle");
			}
		} catch (java.util.zip.ZipException e) {
			throw new NotABundle("it is not a jar (" + e.getMessage() + ")");
		}
		Attributes a = mf.getMainAttributes();
		String bsn = a.getValue(Constants.BUNDLE_SYMBOLICNAME);
		if (bsn == null || bsn.isBlank()) {
			throw new NotABundle("its manifest has no Bundle-SymbolicName: it is a plain jar, not an OSGi bundle");
		}
		if (!"2".equals(a.getValue(Constants.BUNDLE_MANIFESTVERSION))) {
			throw new NotABundle("its manifest has no Bundle-ManifestVersion: 2 (OSGi R4 or later bundles only)");
		}
		Version version;
		try {
			String v = a.getValue(Constants.BUNDLE_VERSION);
			version = v == null ? Version.emptyVersion : Version.parseVersion(v.strip());
		} catch (IllegalArgumentException e) {
			throw new NotABundle("its Bundle-Version is not a version: " + e.getMessage());
		}
		String name = Header.parse(bsn).get(0).paths().get(0);
		return new JarInfo(name, version, a, bytes, sha256(bytes));
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public String toString() {
		return symbolicName + " " + version;
	}
}
