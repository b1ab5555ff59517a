package org.genlock.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class JarInfoTest {

	static byte[] jar(String manifest) throws Exception {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		Manifest mf = new Manifest(new java.io.ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)));
		try (JarOutputStream out = new JarOutputStream(b, mf)) {
			out.putNextEntry(new ZipEntry("a/B.class"));
			out.closeEntry();
		}
		return b.toByteArray();
	}

	@Test
	void readsIdentityOfABundle() throws Exception {
		JarInfo j = JarInfo.of(jar("Manifest-Version: 1.0\nBundle-ManifestVersion: 2\n"
				+ "Bundle-SymbolicName: com.example.p;singleton:=true\nBundle-Version: 1.2.3\n\n"));
		assertEquals("com.example.p", j.symbolicName());
		assertEquals(new Version(1, 2, 3), j.version());
		assertEquals(64, j.sha256().length());
	}

	@Test
	void refusesWhatIsNotABundleSayingWhy() throws Exception {
		String noBsn = assertThrows(JarInfo.NotABundle.class,
				() -> JarInfo.of(jar("Manifest-Version: 1.0\nMain-Class: x.Y\n\n"))).getMessage();
		assertTrue(noBsn.contains("no Bundle-SymbolicName"), noBsn);
		ByteArrayOutputStream plain = new ByteArrayOutputStream();
		try (ZipOutputStream z = new ZipOutputStream(plain)) {
			z.putNextEntry(new ZipEntry("x.txt"));
			z.closeEntry();
		}
		String noManifest = assertThrows(JarInfo.NotABundle.class, () -> JarInfo.of(plain.toByteArray())).getMessage();
		assertTrue(noManifest.contains("no META-INF/MANIFEST.MF"), noManifest);
		String junk = assertThrows(JarInfo.NotABundle.class,
				() -> JarInfo.of("not a jar".getBytes(StandardCharsets.UTF_8))).getMessage();
		assertTrue(junk.contains("not a jar"), junk);
	}

	@Test
	void headerClausesWithQuotedRangesAndDirectives() {
		List<Header> h = Header.parse("a.b;c.d;version=\"[1.0,2)\";resolution:=optional,e.f;version=1.1");
		assertEquals(2, h.size());
		assertEquals(List.of("a.b", "c.d"), h.get(0).paths());
		assertEquals("[1.0,2)", h.get(0).attributes().get("version"));
		assertEquals("optional", h.get(0).directives().get("resolution"));
		assertEquals("1.1", h.get(1).attributes().get("version"));
	}
}
