package org.genlock.render.gl.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.itest.support.render.TestFrame;
import org.genlock.render.gl.itest.broken.BrokenShader;

/** Helpers of the GL renderer's integration tests. */
final class Support {

	private Support() {}

	/** Threads of GL render sessions alive now (a thread dump filtered by the renderer's thread names). */
	static List<String> glThreads() {
		List<String> names = new ArrayList<>();
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			if (t.isAlive() && t.getName().startsWith("genlock-render-gl-")) {
				names.add(t.getName() + " " + t.getState());
			}
		}
		return names;
	}

	/** Per-channel differences of two BGRA8 frames of the same format. */
	record Difference(int max, double mean, long differingPixels) {
		static Difference of(FrameBuffer a, FrameBuffer b) {
			int max = 0;
			long sum = 0;
			long differing = 0;
			int w = a.format().width();
			int h = a.format().height();
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					int p = a.pixels().getInt(y * a.rowBytes() + 4 * x);
					int q = b.pixels().getInt(y * b.rowBytes() + 4 * x);
					if (p != q) {
						differing++;
						for (int s = 0; s < 32; s += 8) {
							int d = Math.abs(((p >>> s) & 0xFF) - ((q >>> s) & 0xFF));
							max = Math.max(max, d);
							sum += d;
						}
					}
				}
			}
			return new Difference(max, sum / (4.0 * w * h), differing);
		}
	}

	static String sha256(TestFrame frame) throws Exception {
		return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(frame.bytes()));
	}

	/** A real bundle holding {@link BrokenShader} (its class bytes copied from this test bundle). */
	static InputStream brokenShaderBundle() throws IOException {
		Manifest m = new Manifest();
		Attributes a = m.getMainAttributes();
		a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		a.putValue("Bundle-ManifestVersion", "2");
		a.putValue("Bundle-SymbolicName", "genlock.shader.broken");
		a.putValue("Bundle-Version", "1.0.0");
		a.putValue("Bundle-Activator", BrokenShader.class.getName());
		a.putValue("Import-Package", "org.genlock.api.shader, org.osgi.framework");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
			String path = BrokenShader.class.getName().replace('.', '/') + ".class";
			jar.putNextEntry(new JarEntry(path));
			try (InputStream in = BrokenShader.class.getClassLoader().getResourceAsStream(path)) {
				in.transferTo(jar);
			}
			jar.closeEntry();
		}
		return new java.io.ByteArrayInputStream(bytes.toByteArray());
	}
}
