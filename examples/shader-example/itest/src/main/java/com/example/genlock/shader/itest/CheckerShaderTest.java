package com.example.genlock.shader.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.genlock.api.render.Program;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.itest.support.render.Completion;
import org.genlock.itest.support.render.Frames;
import org.genlock.itest.support.render.TestFrame;
import org.genlock.itest.support.render.TestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The example shader in a real framework, rendered by Genlock's software renderer exactly as
 * a channel's program renders it.
 */
@ExtendWith(ServiceExtension.class)
class CheckerShaderTest {

	static final int WHITE = 0xFFFFFFFF;
	static final int BLACK = 0xFF000000;

	@InjectService(filter = "(genlock.shader.id=example.checker)", timeout = 20_000)
	ServiceAware<ShaderProvider> shader;

	@InjectService(filter = "(genlock.renderer.id=software)", timeout = 20_000)
	Renderer renderer;

	@InjectService(filter = "(genlock.renderer.id=gl)", timeout = 20_000)
	Renderer gl;

	@Test
	void registeredWithItsIdAndParameters() {
		ServiceReference<ShaderProvider> ref = shader.getServiceReference();
		assertThat(ref.getBundle().getSymbolicName()).isEqualTo("com.example.genlock.shader");
		assertThat(shader.getService().info().parameters()).extracting(ShaderParameter::name)
				.containsExactly("size", "speed", "light", "dark");
		assertThat(shader.getService().cpuKernel()).isPresent();
	}

	@Test
	void theSoftwareRendererDrawsTheScrollingBoard() throws Exception {
		TestFrame f;
		try (Frames frames = new Frames(renderer)) {
			// display index 15 at 50 frames/s: 0.3 s, 30 pixels to the right
			f = frames.render(Program.parse("example.checker(size=40, speed=100)"), 15);
		}
		assertThat(f.argb(29, 0)).as("(29, 0)").isEqualTo(BLACK);
		assertThat(f.argb(30, 0)).as("(30, 0)").isEqualTo(WHITE);
		assertThat(f.argb(30, 40)).as("(30, 40)").isEqualTo(BLACK);
		assertThat(f.argb(70, 40)).as("(70, 40)").isEqualTo(WHITE);
	}

	/** The GLSL fragment is the same picture as the CPU kernel, pixel for pixel. */
	@Test
	void theGlRendererDrawsTheSamePictureFromTheGlsl() throws Exception {
		Program board = Program.parse("example.checker(size=40, speed=100)");
		for (long index : new long[] {0, 25, 1234}) { // 0 s, 0.5 s, 24.68 s: offsets 0, 50, 68
			TestFrame cpu = render(renderer, board, index);
			TestFrame onGl = render(gl, board, index);
			assertThat(onGl.bytes()).as("GL frame of display index %d", index).isEqualTo(cpu.bytes());
		}
	}

	@Test
	void aHalfOpaqueBoardOverBarsCompositesPixelByPixel() throws Exception {
		TestFrame bars;
		TestFrame both;
		try (Frames frames = new Frames(renderer)) {
			bars = frames.render(Program.parse("bars"), 3);
			both = frames.render(Program.parse("bars | example.checker(size=40)@0.5"), 3);
		}
		int wrong = 0;
		for (int y = 0; y < Frames.F720.height(); y += 7) {
			for (int x = 0; x < Frames.F720.width(); x += 5) {
				boolean light = ((x / 40 + y / 40) & 1) == 0;
				// white or black at opacity 0.5, premultiplied: 0x80 of alpha, and of colour if white
				int src = light ? 0x80808080 : 0x80000000;
				if (both.argb(x, y) != over(src, bars.argb(x, y)) && wrong++ == 0) {
					assertThat(both.argb(x, y)).as("(%d, %d) over bars 0x%08X", x, y, bars.argb(x, y))
							.isEqualTo(over(src, bars.argb(x, y)));
				}
			}
		}
		assertThat(wrong).isZero();
	}

	/** Renders one frame on a renderer, waiting for it if the renderer is pipelined. */
	static TestFrame render(Renderer on, Program program, long index) throws Exception {
		try (RenderSession session = on.open(Frames.F720)) {
			TestFrame frame = new TestFrame(Frames.F720).scribble();
			Completion done = new Completion();
			session.render(new TestRequest(Frames.F720).program(program).at(index), frame, done);
			long deadline = System.nanoTime() + 20_000_000_000L;
			while (done.reports() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			assertThat(done.rendered.get()).as("%s rendered %s (failure: %s)", on.info().id(), program, done.lastReason)
					.isEqualTo(1);
			return frame;
		}
	}

	static int over(int src, int dst) {
		int keep = 255 - (src >>> 24);
		int out = 0;
		for (int shift = 0; shift < 32; shift += 8) {
			out |= Math.min(255, (src >>> shift & 0xFF) + Math.round((dst >>> shift & 0xFF) * keep / 255f)) << shift;
		}
		return out;
	}
}
