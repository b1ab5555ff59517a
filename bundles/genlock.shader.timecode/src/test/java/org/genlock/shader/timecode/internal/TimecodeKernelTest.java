package org.genlock.shader.timecode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.ResolvedParameters;
import org.genlock.shader.support.testing.TestContext;
import org.genlock.shader.support.testing.TestFrame;
import org.junit.jupiter.api.Test;

class TimecodeKernelTest {

	private static final VideoFormat HD25 = VideoFormat.parse("1080p25");
	private static final String CHARS = "0123456789:; TCFRM";

	private static ResolvedParameters values(Map<String, Object> given) {
		return ResolvedParameters.resolve(new TimecodeShader().info(), given);
	}

	private static TestFrame render(VideoFormat f, TestContext context, ResolvedParameters values, int background) {
		TestFrame frame = TestFrame.of(f);
		frame.fill(background);
		new TimecodeKernel().render(frame, 0, f.height(), context, values);
		return frame;
	}

	/** Decodes the strip as the README specifies it, independently of the kernel's code. */
	static long decodeStrip(TestFrame frame) {
		boolean[] bits = new boolean[69];
		for (int k = 0; k < 69; k++) {
			bits[k] = ((frame.argb(8 * k + 4, 4) >>> 8) & 0xFF) >= 128;
		}
		assertTrue(bits[0] && bits[1] && !bits[2] && bits[3], "start marker white, white, black, white");
		long value = 0;
		int ones = 0;
		for (int i = 0; i < 64; i++) {
			if (bits[4 + i]) {
				value |= 1L << i;
				ones++;
			}
		}
		assertEquals(ones % 2 == 1, bits[68], "parity block");
		return value;
	}

	/** Reads one text line by sampling the centre of every font pixel and matching the glyphs. */
	static String readLine(TestFrame frame, int boxX, int boxY, int u, int line, int length) {
		StringBuilder s = new StringBuilder();
		for (int cell = 0; cell < length; cell++) {
			int[] rows = new int[7];
			for (int r = 0; r < 7; r++) {
				for (int c = 0; c < 5; c++) {
					int x = boxX + 2 * u + cell * 6 * u + c * u + u / 2;
					int y = boxY + 2 * u + line * 10 * u + r * u + u / 2;
					if (frame.argb(x, y) == 0xFFFFFFFF) {
						rows[r] |= 1 << (4 - c);
					}
				}
			}
			int match = -1;
			for (int g = 0; g < CHARS.length(); g++) {
				if (Arrays.equals(rows, Arrays.copyOfRange(TimecodeKernel.FONT, g * 7, g * 7 + 7))) {
					match = g;
				}
			}
			s.append(match < 0 ? '?' : CHARS.charAt(match));
		}
		return s.toString();
	}

	@Test
	void stripCarriesTheDisplayIndex() {
		for (long index : new long[] {0, 1, 2, 0x2F_1234_5678L, 50L * 86_400 * 365 * 100}) {
			TestFrame f = render(HD25, new TestContext(HD25).at(index), values(Map.of()), 0);
			assertEquals(index, decodeStrip(f), "display index " + index);
			// blocks are uniform 8x8 squares
			int k = 4;
			int colour = f.argb(8 * k, 0);
			assertEquals(colour, f.argb(8 * k + 7, 7));
		}
	}

	@Test
	void aTopBoxStartsBelowTheStrip() {
		VideoFormat small = VideoFormat.parse("640x100p25");
		// 5% margin would be row 5; the box moves to row 8 so the strip stays readable
		TestFrame f = render(small, new TestContext(small).at(9), values(Map.of("position", 0L)), 0xFF123456);
		assertEquals(9, decodeStrip(f));
		assertEquals(0xFF123456, f.argb(552, 3), "right of the strip");
		assertEquals(0xFF123456, f.argb(31, 8), "left of the box");
		assertTrue(f.argb(33, 8) != 0xFF123456, "box starts at column 32, row 8");
		assertEquals(0xFF123456, f.argb(33, 8 + 21), "box is 21 rows tall at u = 1");
	}

	@Test
	void burnsInTimecodeAndCounterAtTheBottomCentre() {
		long frames = ((1 * 60 + 2) * 60 + 3) * 25 + 4; // 01:02:03:04 at 25 fps
		TestFrame f = render(HD25, new TestContext(HD25).at(123).timecode(frames, false), values(Map.of()), 0xFFFFFFFF);
		// 1080 lines, size 1: u = 5, 14 columns -> box 435 x 105 at ((1920-435)/2, 1080-54-105)
		assertEquals("TC 01:02:03:04", readLine(f, 742, 921, 5, 0, 14));
		assertEquals("FRM 0000000123", readLine(f, 742, 921, 5, 1, 14));
		// box background: black at 60% over white = 102
		assertEquals(0xFF666666, f.argb(743, 922));
		assertEquals(0xFF666666, f.argb(742 + 434, 921 + 104));
		assertEquals(0xFFFFFFFF, f.argb(741, 950), "left of the box");
		assertEquals(0xFFFFFFFF, f.argb(800, 921 + 105), "below the box");
	}

	@Test
	void dropFrameUsesASemicolonAndSkipsLabels() {
		VideoFormat ntsc = VideoFormat.parse("1080p2997");
		// frame 1800 at 29.97 DF is 00:01:00;02 (00 and 01 are dropped)
		TestFrame f = render(ntsc, new TestContext(ntsc).at(1800).timecode(1800, true), values(Map.of("position", 0L)),
				0);
		assertEquals("TC 00:01:00;02", readLine(f, 96, 54, 5, 0, 14));
	}

	@Test
	void highRatesShowThreeFrameDigitsAndSizeScales() {
		VideoFormat fast = VideoFormat.parse("720p120");
		// 720 lines, size 2: u = round(2 * 720 / 216) = 7; 15 columns; top-right
		TestFrame f = render(fast, new TestContext(fast).at(0).timecode(3 * 120 + 105, false),
				values(Map.of("position", 2L, "size", 2.0)), 0);
		int boxW = (6 * 15 + 3) * 7;
		assertEquals("TC 00:00:03:105", readLine(f, 1280 - 64 - boxW, 36, 7, 0, 15));
	}

	@Test
	void everyFrameIsDifferent() {
		ResolvedParameters v = values(Map.of("strip", false));
		byte[] a = render(HD25, new TestContext(HD25).at(1000), v, 0).bytes();
		byte[] b = render(HD25, new TestContext(HD25).at(1001), v, 0).bytes();
		assertFalse(Arrays.equals(a, b), "the counter alone makes consecutive frames differ");
		TestFrame noStrip = render(HD25, new TestContext(HD25).at(1), v, 0xFF0000FF);
		assertEquals(0xFF0000FF, noStrip.argb(4, 4), "strip=false leaves the corner alone");
	}

	@Test
	void opacityScalesEverything() {
		TestFrame f = render(HD25, new TestContext(HD25).at(1).opacity(0.5f), values(Map.of()), 0xFF000000);
		assertEquals(0xFF808080, f.argb(4, 4), "white marker block at 50 % over black");
	}

	@Test
	void doesNotAllocate() {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		TimecodeKernel k = new TimecodeKernel();
		TestFrame frame = TestFrame.of(HD25);
		ResolvedParameters v = values(Map.of());
		TestContext c = new TestContext(HD25);
		for (int i = 0; i < 300; i++) {
			k.render(frame, 0, 1080, c.at(i), v);
		}
		long id = Thread.currentThread().getId();
		long before = mx.getThreadAllocatedBytes(id);
		for (int i = 0; i < 100; i++) {
			k.render(frame, 0, 1080, c.at(i), v);
		}
		long allocated = mx.getThreadAllocatedBytes(id) - before;
		assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 100 renders");
	}

	@Test
	void glslUsesTheSameFont() {
		String glsl = new TimecodeShader().glslFragment();
		assertTrue(glsl.contains("const int TC_FONT[126]"), glsl);
		assertTrue(glsl.contains("vec4 mainImage(vec2 fragCoord)"));
	}
}
