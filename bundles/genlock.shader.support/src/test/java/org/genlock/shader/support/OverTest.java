package org.genlock.shader.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class OverTest {

	@Test
	void mul255RoundsToNearestForEveryPair() {
		for (int a = 0; a < 256; a++) {
			for (int b = 0; b < 256; b++) {
				assertEquals(Math.round(a * b / 255.0), Over.mul255(a, b), a + "*" + b);
			}
		}
	}

	@Test
	void opaqueSourceReplacesAndTransparentKeeps() {
		assertEquals(0xFF102030, Over.over(0xFF102030, 0xFFFFFFFF));
		assertEquals(0x80402010, Over.over(0, 0x80402010));
	}

	@Test
	void halfAlphaBlackDarkensWhiteByHalf() {
		// src premultiplied black at alpha 128: dst * (1 - 128/255) = 255 * 127/255 = 127
		assertEquals(0xFF7F7F7F, Over.over(0x80000000, 0xFFFFFFFF));
	}

	@Test
	void opacityScalesThePremultipliedSource() {
		assertEquals(0x80808080, Over.scale(0xFFFFFFFF, Over.opacity8(0.5f)));
		ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 0xFF0000FF); // opaque blue underneath
		Over.put(b, 0, 0xFFFF0000, Over.opacity8(0.5f)); // red at 50 %
		assertEquals(0xFF80007F, b.getInt(0));
		Over.fill(b, 0, 1, 2, 0xFF00FF00, Over.OPAQUE);
		assertEquals(0xFF00FF00, b.getInt(4));
	}

	@Test
	void fillTwoPixelsAtATimeEqualsOverPerPixelForEveryRunAndAlignment() {
		java.util.Random random = new java.util.Random(709);
		int width = 19;
		ByteBuffer row = ByteBuffer.allocateDirect(4 * width + 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < 2_000; i++) {
			int[] before = new int[width];
			for (int x = 0; x < width; x++) {
				before[x] = premultiplied(random);
				row.putInt(4 + 4 * x, before[x]);
			}
			int x0 = random.nextInt(width);
			int x1 = x0 + random.nextInt(width - x0 + 1);
			int src = premultiplied(random);
			int opacity = random.nextInt(256);
			Over.fill(row, 4, x0, x1, src, opacity); // row offset 4: runs start off 8-byte alignment too
			int scaled = Over.scale(src, opacity);
			for (int x = 0; x < width; x++) {
				int expected = x < x0 || x >= x1 ? before[x] : Over.over(scaled, before[x]);
				assertEquals(Integer.toHexString(expected), Integer.toHexString(row.getInt(4 + 4 * x)),
						"pixel " + x + " of run " + x0 + ".." + x1 + ", " + Integer.toHexString(src) + " at " + opacity);
			}
		}
	}

	@Test
	void laneArithmeticMatchesPerChannelRoundingForAllPremultipliedPairs() {
		java.util.Random random = new java.util.Random(219);
		for (int i = 0; i < 200_000; i++) {
			int src = premultiplied(random);
			int dst = premultiplied(random);
			int keep = 255 - (src >>> 24);
			int expected = 0;
			for (int shift = 0; shift < 32; shift += 8) {
				expected |= (((src >>> shift) & 0xFF) + Over.mul255((dst >>> shift) & 0xFF, keep)) << shift;
			}
			assertEquals(Integer.toHexString(expected), Integer.toHexString(Over.over(src, dst)),
					Integer.toHexString(src) + " over " + Integer.toHexString(dst));
			int f = random.nextInt(256);
			int scaled = 0;
			for (int shift = 0; shift < 32; shift += 8) {
				scaled |= Over.mul255((src >>> shift) & 0xFF, f) << shift;
			}
			assertEquals(Integer.toHexString(scaled), Integer.toHexString(Over.scale(src, f)));
		}
	}

	private static int premultiplied(java.util.Random random) {
		int a = random.nextInt(256);
		return a << 24 | random.nextInt(a + 1) << 16 | random.nextInt(a + 1) << 8 | random.nextInt(a + 1);
	}
}
