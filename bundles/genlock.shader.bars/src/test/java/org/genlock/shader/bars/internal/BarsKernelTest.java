package org.genlock.shader.bars.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.ResolvedParameters;
import org.genlock.shader.support.testing.TestContext;
import org.genlock.shader.support.testing.TestFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BarsKernelTest {

	// Region tables written out literally (not computed with the kernel's formulas), so a
	// change of geometry or value fails here. {x0, x1, argb} per row band.
	private static final int[][] HD_TOP = {
			{0, 240, 0xFF666666}, {240, 446, 0xFFBFBFBF}, {446, 651, 0xFFBFBF00}, {651, 857, 0xFF00BFBF},
			{857, 1063, 0xFF00BF00}, {1063, 1269, 0xFFBF00BF}, {1269, 1474, 0xFFBF0000}, {1474, 1680, 0xFF0000BF},
			{1680, 1920, 0xFF666666}};
	private static final int[][] HD_SECOND = {{0, 240, 0xFF00FFFF}, {240, 1680, 0xFFBFBFBF}, {1680, 1920, 0xFF0000FF}};
	private static final int[][] HD_THIRD = {{0, 240, 0xFFFFFF00}, {240, 446, 0xFF000000}, {1680, 1920, 0xFFFF0000}};
	private static final int[][] HD_BOTTOM = {
			{0, 240, 0xFF262626}, {240, 549, 0xFF000000}, {549, 960, 0xFFFFFFFF}, {960, 1131, 0xFF000000},
			{1131, 1200, 0xFF000000}, {1200, 1269, 0xFF000000}, {1269, 1337, 0xFF050505}, {1337, 1406, 0xFF000000},
			{1406, 1474, 0xFF0A0A0A}, {1474, 1680, 0xFF000000}, {1680, 1920, 0xFF262626}};

	private static final int[][] SD_TOP = {
			{0, 160, 0xFF666666}, {160, 297, 0xFFBFBFBF}, {297, 434, 0xFFBFBF00}, {434, 571, 0xFF00BFBF},
			{571, 709, 0xFF00BF00}, {709, 846, 0xFFBF00BF}, {846, 983, 0xFFBF0000}, {983, 1120, 0xFF0000BF},
			{1120, 1280, 0xFF666666}};
	private static final int[][] SD_SECOND = {{0, 160, 0xFF00FFFF}, {160, 1120, 0xFFBFBFBF}, {1120, 1280, 0xFF0000FF}};
	private static final int[][] SD_THIRD = {{0, 160, 0xFFFFFF00}, {160, 297, 0xFF000000}, {1120, 1280, 0xFFFF0000}};
	private static final int[][] SD_BOTTOM = {
			{0, 160, 0xFF262626}, {160, 366, 0xFF000000}, {366, 640, 0xFFFFFFFF}, {640, 754, 0xFF000000},
			{754, 800, 0xFF000000}, {800, 846, 0xFF000000}, {846, 891, 0xFF050505}, {891, 937, 0xFF000000},
			{937, 983, 0xFF0A0A0A}, {983, 1120, 0xFF000000}, {1120, 1280, 0xFF262626}};

	private static TestFrame render(String format, float opacity, int background) {
		VideoFormat f = VideoFormat.parse(format);
		TestFrame frame = TestFrame.of(f);
		frame.fill(background);
		new BarsKernel().render(frame, 0, f.height(), new TestContext(f).opacity(opacity),
				ResolvedParameters.resolve(new BarsShader().info(), Map.of()));
		return frame;
	}

	private static void assertRegions(TestFrame frame, int y0, int y1, int[][] regions) {
		int y = (y0 + y1) / 2;
		for (int[] r : regions) {
			int x = (r[0] + r[1]) / 2;
			assertEquals(TestFrame.show(r[2]), TestFrame.show(frame.argb(x, y)), "centre (" + x + ", " + y + ")");
			// edges of the region too: the first and last column belong to it
			assertEquals(TestFrame.show(r[2]), TestFrame.show(frame.argb(r[0], y0)), "first pixel (" + r[0] + ", " + y0 + ")");
			assertEquals(TestFrame.show(r[2]), TestFrame.show(frame.argb(r[1] - 1, y1 - 1)),
					"last pixel (" + (r[1] - 1) + ", " + (y1 - 1) + ")");
		}
	}

	@Test
	void hd1080MatchesTheRp219Layout() {
		TestFrame f = render("1080p25", 1f, 0);
		assertRegions(f, 0, 630, HD_TOP);
		assertRegions(f, 630, 720, HD_SECOND);
		assertRegions(f, 720, 810, HD_THIRD);
		assertRegions(f, 810, 1080, HD_BOTTOM);
	}

	@Test
	void hd720MatchesTheRp219Layout() {
		TestFrame f = render("720p50", 1f, 0);
		assertRegions(f, 0, 420, SD_TOP);
		assertRegions(f, 420, 480, SD_SECOND);
		assertRegions(f, 480, 540, SD_THIRD);
		assertRegions(f, 540, 720, SD_BOTTOM);
	}

	@ParameterizedTest
	@ValueSource(strings = {"1080p25", "720p50"})
	void rampRisesFromBlackToWhiteAcrossBarsTwoToSeven(String format) {
		TestFrame f = render(format, 1f, 0);
		VideoFormat vf = f.format();
		int y = (BarsKernel.rowEdge(vf.height(), 8) + BarsKernel.rowEdge(vf.height(), 9)) / 2;
		int start = vf.width() == 1920 ? 446 : 297;
		int end = vf.width() == 1920 ? 1680 : 1120;
		assertEquals(0xFF000000, f.argb(start, y));
		assertEquals(0xFFFFFFFF, f.argb(end - 1, y));
		int mid = f.argb((start + end - 1) / 2, y) & 0xFF;
		assertTrue(mid == 127 || mid == 128, "middle of the ramp is " + mid);
		int previous = -1;
		for (int x = start; x < end; x++) {
			int v = f.argb(x, y) & 0xFF;
			assertTrue(v >= previous, "ramp falls at x=" + x);
			assertEquals(v, (f.argb(x, y) >>> 8) & 0xFF, "ramp is grey");
			previous = v;
		}
	}

	@Test
	void opacityCompositesOverTheLayerBelow() {
		TestFrame f = render("720p50", 0.5f, 0xFF0000FF); // opaque blue below
		// 75% white at half opacity: 191 * 128/255 = 96 over blue * (1 - 128/255) = 127
		assertEquals(TestFrame.show(0xFF606060 + 0x7F), TestFrame.show(f.argb(200, 100)));
		TestFrame none = render("720p50", 0f, 0x80402010);
		assertEquals(0x80402010, none.argb(640, 360));
	}

	@Test
	void bandsWriteOnlyTheirOwnRows() {
		VideoFormat f = VideoFormat.parse("720p50");
		TestFrame frame = TestFrame.of(f);
		new BarsKernel().render(frame, 100, 101, new TestContext(f), ResolvedParameters.resolve(new BarsShader().info(), Map.of()));
		assertEquals(0, frame.argb(300, 99));
		assertEquals(0, frame.argb(300, 101));
		assertEquals(0xFFBFBF00, frame.argb(300, 100));
	}

	@Test
	void describesItselfWithoutParametersAndTheSameKernel() {
		BarsShader s = new BarsShader();
		assertEquals("bars", s.info().id());
		assertTrue(s.info().parameters().isEmpty());
		assertTrue(s.cpuKernel().get() == s.cpuKernel().get());
		assertTrue(s.glslFragment().contains("vec4 mainImage(vec2 fragCoord)"));
		assertTrue(s.glslFragment().contains("vec4(191.0, 191.0, 0.0, 255.0) / 255.0"), "75% yellow in GLSL");
	}
}
