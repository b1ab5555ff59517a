package com.example.genlock.shader.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderContext;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.render.TestFrame;
import org.junit.jupiter.api.Test;

/** The checkerboard kernel on a frame as the backend lends it, without a framework. */
class CheckerKernelTest {

	static final VideoFormat F = VideoFormat.parse("720p50");
	static final int WHITE = 0xFFFFFFFF;
	static final int BLACK = 0xFF000000;

	final CheckerKernel kernel = new CheckerKernel();

	@Test
	void squaresOfTheGivenSizeAlternateStartingLightAtTheTopLeft() {
		TestFrame f = render(values(40, 0, opaque(1, 1, 1), opaque(0, 0, 0)), 0, 1f, 0, F.height());
		assertEquals(WHITE, f.argb(0, 0));
		assertEquals(WHITE, f.argb(39, 39));
		assertEquals(BLACK, f.argb(40, 0), "the next square to the right");
		assertEquals(BLACK, f.argb(0, 40), "the next square down");
		assertEquals(WHITE, f.argb(40, 40), "diagonal");
		assertEquals(BLACK, f.argb(1279, 0), "column 31: odd");
		assertEquals(WHITE, f.argb(1279, 719), "column 31 + row 17: even");
	}

	@Test
	void thePatternScrollsBySpeedTimesTheExactFrameTime() {
		ParameterValues v = values(40, 100, opaque(1, 1, 1), opaque(0, 0, 0));
		// display index 15 at 50 frames/s is 0.3 s: 30 pixels to the right
		TestFrame f = render(v, F.frameTime().nanosOf(15), 1f, 0, 1);
		assertEquals(BLACK, f.argb(29, 0), "the square that came in from the left");
		assertEquals(WHITE, f.argb(30, 0));
		assertEquals(WHITE, f.argb(69, 0));
		assertEquals(BLACK, f.argb(70, 0));
		// after 0.8 s the pattern has moved one whole period of two squares: the same picture
		assertEquals(0, CheckerKernel.offset(100, 800_000_000L, 40));
		assertEquals(79, CheckerKernel.offset(-100, 10_000_000L, 40), "to the left, wrapped into the period");
	}

	@Test
	void everyPixelIsTheSquareItsColumnAndRowSayForAnySizeAndOffset() {
		for (long size : new long[] {1, 3, 40, 1024}) {
			for (long index : new long[] {0, 1, 7, 33, 100}) {
				ParameterValues v = values(size, 37.5, opaque(1, 1, 1), opaque(0, 0, 0));
				long t = F.frameTime().nanosOf(index);
				long offset = CheckerKernel.offset(37.5, t, size);
				TestFrame f = render(v, t, 1f, 0, 3);
				for (int y = 0; y < 3; y++) {
					for (int x = 0; x < F.width(); x++) {
						boolean light = ((y / size + Math.floorDiv(x - offset, size)) & 1) == 0;
						if (f.argb(x, y) != (light ? WHITE : BLACK)) {
							throw new AssertionError("size " + size + ", offset " + offset + ": pixel (" + x + ", " + y
									+ ") is " + Integer.toHexString(f.argb(x, y)) + ", expected " + (light ? "light" : "dark"));
						}
					}
				}
			}
		}
	}

	@Test
	void stillExactAfterAWeekOnAir() {
		long week = 7L * 24 * 3600 * 1_000_000_000L;
		// 604800 s at 33 px/s: 19958400 px, a whole number of 80 px periods; 0.5 s more: 16.5 px
		assertEquals(16, CheckerKernel.offset(33, week + 500_000_000L, 40));
	}

	@Test
	void onlyTheGivenRowsAreWritten() {
		TestFrame f = render(values(40, 0, opaque(1, 1, 1), opaque(0, 0, 0)), 0, 1f, 100, 200);
		assertEquals(0x5A3C1E0F, f.argb(0, 99), "the scribble above");
		assertEquals(WHITE, f.argb(0, 100));
		assertEquals(BLACK, f.argb(0, 120), "row 3 of squares");
		assertEquals(WHITE, f.argb(0, 199), "row 4 of squares");
		assertEquals(0x5A3C1E0F, f.argb(0, 200), "the scribble below");
	}

	@Test
	void aTranslucentLayerCompositesOverWhatIsBelow() {
		// half-transparent white (premultiplied 0.5) at opacity 1, then opaque white at 0.5 opacity:
		// both are 0x80808080 over the scribble 0x5A3C1E0F
		int expected = 0x80 + (0x5A * 127 + 127) / 255 << 24 | 0x80 + (0x3C * 127 + 127) / 255 << 16
				| 0x80 + (0x1E * 127 + 127) / 255 << 8 | 0x80 + (0x0F * 127 + 127) / 255;
		TestFrame f = render(values(40, 0, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, opaque(0, 0, 0)), 0, 1f, 0, 1);
		assertEquals(expected, f.argb(0, 0));
		f = render(values(40, 0, opaque(1, 1, 1), opaque(0, 0, 0)), 0, 0.5f, 0, 1);
		assertEquals(expected, f.argb(0, 0));
		f = render(values(40, 0, opaque(1, 1, 1), opaque(0, 0, 0)), 0, 0f, 0, 1);
		assertEquals(0x5A3C1E0F, f.argb(0, 0), "opacity 0 leaves the frame alone");
	}

	@Test
	void opaqueOnlyWhenBothColoursAre() {
		assertTrue(kernel.opaque(values(40, 0, opaque(1, 0, 0), opaque(0, 0, 1))));
		assertFalse(kernel.opaque(values(40, 0, opaque(1, 0, 0), new float[] {0, 0, 0, 0})));
	}

	@Test
	void theDeclaredDefaultsAreAnOpaqueStillBlackAndWhiteBoard() {
		assertEquals("example.checker", CheckerShader.INFO.id());
		assertEquals(CheckerShader.SIZE, CheckerShader.INFO.indexOf("size"));
		assertEquals(CheckerShader.SPEED, CheckerShader.INFO.indexOf("speed"));
		assertEquals(CheckerShader.LIGHT, CheckerShader.INFO.indexOf("light"));
		assertEquals(CheckerShader.DARK, CheckerShader.INFO.indexOf("dark"));
		assertEquals(80L, CheckerShader.INFO.parameters().get(CheckerShader.SIZE).defaultValue());
		assertEquals(0.0, CheckerShader.INFO.parameters().get(CheckerShader.SPEED).defaultValue());
		assertTrue(CheckerShader.GLSL.contains("vec4 mainImage(vec2 fragCoord)"));
	}

	TestFrame render(ParameterValues values, long frameTimeNanos, float opacity, int y0, int y1) {
		TestFrame f = new TestFrame(F).scribble();
		kernel.render(f, y0, y1, new Context(frameTimeNanos, opacity), values);
		return f;
	}

	static float[] opaque(float r, float g, float b) {
		return new float[] {r, g, b, 1};
	}

	static ParameterValues values(long size, double speed, float[] light, float[] dark) {
		return new Values(size, speed, light, dark);
	}

	/** What the renderer resolves from a layer: size, speed, light, dark. */
	record Values(long squareSize, double speed, float[] light, float[] dark) implements ParameterValues {

		@Override
		public int size() {
			return 4;
		}

		@Override
		public int indexOf(String name) {
			return CheckerShader.INFO.indexOf(name);
		}

		@Override
		public double getDouble(int index) {
			return index == CheckerShader.SPEED ? speed : index == CheckerShader.SIZE ? squareSize : fail(index);
		}

		@Override
		public long getLong(int index) {
			return index == CheckerShader.SIZE ? squareSize : fail(index);
		}

		@Override
		public boolean getBoolean(int index) {
			return fail(index) != 0;
		}

		@Override
		public float getComponent(int index, int component) {
			return switch (index) {
				case CheckerShader.LIGHT -> light[component];
				case CheckerShader.DARK -> dark[component];
				default -> fail(index);
			};
		}

		private static int fail(int index) {
			throw new IllegalStateException("parameter " + index + " read with the wrong accessor");
		}
	}

	record Context(long frameTimeNanos, float opacity) implements ShaderContext {

		@Override
		public long displayIndex() {
			return F.frameTime().indexAt(frameTimeNanos);
		}

		@Override
		public VideoFormat format() {
			return F;
		}

		@Override
		public long timecodeFrames() {
			return displayIndex();
		}

		@Override
		public boolean dropFrame() {
			return false;
		}
	}
}
