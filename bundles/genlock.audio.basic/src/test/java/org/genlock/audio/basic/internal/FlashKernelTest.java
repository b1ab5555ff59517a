package org.genlock.audio.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.genlock.api.shader.ParameterValues;
import org.genlock.api.video.Rational;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.ResolvedParameters;
import org.genlock.shader.support.testing.TestContext;
import org.genlock.shader.support.testing.TestFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlashKernelTest {

	private static final FlashShader FLASH = new FlashShader();
	private static final FlashKernel KERNEL = new FlashKernel();
	private static final ParameterValues NONE = ResolvedParameters.resolve(FLASH.info(), Map.of());
	private static final int GREY = 0xFF404040;

	private static TestFrame render(VideoFormat f, TestContext context) {
		TestFrame frame = TestFrame.of(f);
		frame.fill(GREY);
		KERNEL.render(frame, 0, f.height(), context, NONE);
		return frame;
	}

	private static boolean allPixels(TestFrame frame, int argb) {
		for (int y = 0; y < frame.format().height(); y++) {
			for (int x = 0; x < frame.format().width(); x++) {
				if (frame.argb(x, y) != argb) {
					return false;
				}
			}
		}
		return true;
	}

	@ParameterizedTest(name = "{0}: flash and burst on the same frames")
	@CsvSource({
			"64x36p25, 25, false",
			"64x36p50, 50, false",
			"64x36p2997, 30, true",
			"64x36p5994, 60, true" })
	void flashesOnTheSyncBurstFrames(String name, long fps, boolean fractional) {
		VideoFormat f = VideoFormat.parse(name);
		Rational rate = f.frameRate();
		TestContext context = new TestContext(f);
		for (long from : new long[] {0, 2_589_410, (3L << 31) - 5}) {
			List<Long> flashes = new ArrayList<>();
			for (long i = from; i < from + 10 * rate.numerator() / rate.denominator(); i++) {
				TestFrame frame = render(f, context.at(i));
				if (allPixels(frame, 0xFFFFFFFF)) {
					flashes.add(i);
				} else {
					assertTrue(allPixels(frame, GREY), "frame " + i + " is either white or untouched");
				}
			}
			assertEquals(SyncKernelTest.burstFrames(rate, Map.of("fps", fps, "fractional", fractional), from), flashes,
					name + " from index " + from);
			assertFalse(flashes.isEmpty());
		}
	}

	@Test
	void opacityScalesTheWhite() {
		VideoFormat f = VideoFormat.parse("64x36p50");
		TestFrame frame = TestFrame.of(f);
		frame.fill(0xFF000000);
		KERNEL.render(frame, 0, 36, new TestContext(f).at(100).opacity(0.5f), NONE);
		assertEquals(TestFrame.show(0xFF808080), TestFrame.show(frame.argb(10, 10)));
		assertFalse(KERNEL.opaque(NONE), "transparent on most frames: layers below must render");
	}

	@Test
	void rendersOnlyItsRows() {
		VideoFormat f = VideoFormat.parse("64x36p25");
		TestFrame frame = TestFrame.of(f);
		frame.fill(GREY);
		KERNEL.render(frame, 10, 20, new TestContext(f).at(50), NONE);
		assertEquals(GREY, frame.argb(0, 9));
		assertEquals(0xFFFFFFFF, frame.argb(0, 10));
		assertEquals(0xFFFFFFFF, frame.argb(63, 19));
		assertEquals(GREY, frame.argb(0, 20));
	}

	@Test
	void glslUsesTheSameRule() {
		String glsl = FLASH.glslFragment();
		assertTrue(glsl.contains("vec4 mainImage(vec2 fragCoord)"), glsl);
		assertFalse(glsl.contains("void main"), glsl);
		assertTrue(glsl.contains("iTimecodeRate") && glsl.contains("iFrameHigh"), glsl);
		assertEquals("flash", FLASH.info().id());
		assertTrue(FLASH.info().parameters().isEmpty());
	}
}
