package org.genlock.render.gl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderSession;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.bars.internal.BarsShader;
import org.genlock.shader.support.testing.TestFrame;
import org.genlock.shader.timecode.internal.TimecodeShader;
import org.genlock.shader.zoneplate.internal.ZonePlateShader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GL renderer on the machine's Mesa (llvmpipe) through surfaceless EGL, compared with the CPU kernels. */
class GlRendererTest {

	static final VideoFormat F720 = VideoFormat.parse("720p50");
	static final List<ShaderProvider> SHADERS = List.of(new BarsShader(), new ZonePlateShader(), new TimecodeShader());

	GlRenderer renderer;

	@AfterEach
	void deactivate() {
		if (renderer != null) {
			renderer.deactivate();
		}
	}

	private TestFrame render(RenderSession session, GlFakes.Request request, long index) {
		TestFrame frame = TestFrame.of(request.format());
		frame.fill(0x5A3C1E0F);
		GlFakes.Reports reports = new GlFakes.Reports();
		session.render(request.at(index), frame, reports);
		assertEquals(1, reports.all.size(), "reported once before render returned (depth 0)");
		assertNull(reports.all.get(0).failure());
		assertSame(frame, reports.all.get(0).target());
		assertEquals(index, reports.all.get(0).index());
		return frame;
	}

	@ParameterizedTest
	@ValueSource(strings = { "720p50", "1080p25" })
	void barsAreIdenticalToTheCpuKernel(String name) throws Exception {
		VideoFormat format = VideoFormat.parse(name);
		renderer = GlFakes.renderer(0, SHADERS.toArray(ShaderProvider[]::new));
		Program program = Program.parse("bars");
		try (RenderSession session = renderer.open(format)) {
			TestFrame gl = render(session, new GlFakes.Request(format).program(program), 7);
			TestFrame cpu = GlFakes.cpu(format, 7, SHADERS, program);
			GlFakes.Difference d = GlFakes.Difference.of(gl, cpu);
			assertEquals(0, d.differingPixels(), () -> "bars differ: " + d);
		}
	}

	@Test
	void zonePlateAndTimecodeAreWithinToleranceOfTheCpuKernels() throws Exception {
		renderer = GlFakes.renderer(0, SHADERS.toArray(ShaderProvider[]::new));
		for (String p : List.of("zoneplate", "zoneplate(scale=0.25, speed=2) | timecode",
				"bars | timecode(position=4, size=2)@0.5")) {
			Program program = Program.parse(p);
			try (RenderSession session = renderer.open(F720)) {
				for (long index : new long[] { 0, 1, 1234, 90_001 }) {
					TestFrame gl = render(session, new GlFakes.Request(F720).program(program), index);
					GlFakes.Difference d = GlFakes.Difference.of(gl, GlFakes.cpu(F720, index, SHADERS, program));
					System.out.println("GL vs CPU " + p + " @" + index + ": " + d);
					assertTrue(d.max() <= PixelTolerance.MAX, () -> p + " @" + index + ": " + d);
					assertTrue(d.mean() <= PixelTolerance.MEAN, () -> p + " @" + index + ": " + d);
				}
			}
		}
	}

	@Test
	void aShaderThatDoesNotCompileIsSkippedWithTheCompilerLogAndPlayoutContinues() throws Exception {
		ShaderProvider broken = shader("broken", "vec4 mainImage(vec2 c) { return vec4(undefinedThing); }");
		renderer = GlFakes.renderer(0, new BarsShader(), broken);
		Program program = Program.parse("bars | broken");
		try (RenderSession session = renderer.open(F720)) {
			TestFrame gl = render(session, new GlFakes.Request(F720).program(program), 3);
			assertEquals(0, GlFakes.Difference.of(gl, GlFakes.cpu(F720, 3, SHADERS, Program.parse("bars")))
					.differingPixels(), "the bars layer still renders");
			assertEquals(java.util.Set.of("broken"), ((GlSession) session).skippedShaderIds());
		}
	}

	@Test
	void aLayerKeepsItsPreviousProgramWhenTheNewVersionDoesNotCompile() throws Exception {
		ShaderProvider red = shader("tint", "vec4 mainImage(vec2 c) { return vec4(1.0, 0.0, 0.0, 1.0); }");
		ShaderProvider broken = shader("tint", "vec4 mainImage(vec2 c) { return vec4(1.0, 0.0, 0.0) }");
		renderer = GlFakes.renderer(0, red);
		GlFakes.Request request = new GlFakes.Request(F720).program(Program.parse("tint"));
		try (RenderSession session = renderer.open(F720)) {
			assertEquals(0xFFFF0000, render(session, request, 0).argb(10, 10));
			renderer.removeShader(red);
			renderer.addShader(broken, Map.of("service.id", 99L));
			TestFrame after = render(session, request, 1);
			assertEquals(0xFFFF0000, after.argb(10, 10), "still the previous program");
			assertTrue(((GlSession) session).skippedShaderIds().isEmpty());
		}
	}

	@Test
	void pipelinedReadbackHandsFramesBackInOrderOnlyAfterTheirFence() throws Exception {
		renderer = GlFakes.renderer(2, SHADERS.toArray(ShaderProvider[]::new));
		Program program = Program.parse("bars | timecode");
		GlFakes.Request request = new GlFakes.Request(F720).program(program);
		GlFakes.Reports reports = new GlFakes.Reports();
		TestFrame[] frames = { TestFrame.of(F720), TestFrame.of(F720) };
		try (RenderSession session = renderer.open(F720)) {
			assertEquals(2, session.maxInFlight());
			for (long i = 0; i < 40; i++) {
				// as the backend: at most maxInFlight outstanding
				while (i - reports.all.size() >= session.maxInFlight()) {
					Thread.onSpinWait();
				}
				TestFrame f = frames[(int) (i % 2)];
				session.render(request.at(i), f, reports);
			}
			long deadline = System.nanoTime() + 10_000_000_000L;
			while (reports.all.size() < 40 && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
		}
		assertEquals(40, reports.all.size());
		assertEquals(0, reports.failures());
		for (int i = 0; i < 40; i++) {
			assertEquals(i, reports.all.get(i).index(), "in submission order");
		}
		// the last frame in each buffer decodes to its own index: the copy happened after the fence
		assertEquals(38, stripIndex(frames[0]));
		assertEquals(39, stripIndex(frames[1]));
		assertEquals(0, GlFakes.Difference.of(frames[1], GlFakes.cpu(F720, 39, SHADERS, Program.parse("bars")))
				.differingPixels() == 0 ? 1 : 0, "timecode drawn over the bars");
	}

	@Test
	void aLostContextIsRebuiltBeforeTheNextFrame() throws Exception {
		renderer = GlFakes.renderer(0, SHADERS.toArray(ShaderProvider[]::new));
		GlFakes.Request request = new GlFakes.Request(F720).program(Program.parse("bars"));
		try (RenderSession session = renderer.open(F720)) {
			GlSession gl = (GlSession) session;
			render(session, request, 0);
			assertEquals(1, gl.contextGeneration());
			gl.simulateContextLoss();
			GlFakes.Reports reports = new GlFakes.Reports();
			session.render(request.at(1), TestFrame.of(F720), reports);
			assertTrue(reports.all.get(0).failure().contains("lost"), reports.all.toString());
			assertEquals(2, gl.contextGeneration());
			TestFrame after = render(session, request, 2);
			assertEquals(0, GlFakes.Difference.of(after, GlFakes.cpu(F720, 2, SHADERS, Program.parse("bars")))
					.differingPixels(), "programs, FBO rebuilt");
		}
	}

	@Test
	void closeEndsTheGlThreadAndReleasesEveryGlObject() throws Exception {
		renderer = GlFakes.renderer(2, SHADERS.toArray(ShaderProvider[]::new));
		GlFakes.Request request = new GlFakes.Request(F720).program(Program.parse("bars | timecode"));
		RenderSession session = renderer.open(F720);
		GlSession gl = (GlSession) session;
		GlFakes.Reports reports = new GlFakes.Reports();
		session.render(request.at(0), TestFrame.of(F720), reports);
		session.render(request.at(1), TestFrame.of(F720), reports);
		assertTrue(gl.liveObjects() > 0);
		session.close();
		assertEquals(2, reports.all.size(), "every lent frame reported by close");
		assertFalse(gl.glThread().isAlive());
		assertEquals(0, gl.liveObjects());
		assertTrue(renderer.sessions().isEmpty());
		GlFakes.Reports late = new GlFakes.Reports();
		session.render(request.at(2), TestFrame.of(F720), late);
		assertTrue(late.all.get(0).failure().contains("closed"));
		session.close(); // idempotent
	}

	@Test
	void formatsOtherThanBgraAreRefused() {
		renderer = GlFakes.renderer(0);
		RenderException e = assertThrows(RenderException.class,
				() -> renderer.open(VideoFormat.parse("720p50", org.genlock.api.video.PixelFormat.UYVY8)));
		assertTrue(e.getMessage().contains("BGRA8"), e.getMessage());
	}

	@Test
	void badConfigurationKeepsThePreviousOne() {
		renderer = GlFakes.renderer(0);
		renderer.modified(GlFakes.config(3, "device"));
		assertEquals(new Settings(3, Settings.Platform.DEVICE), renderer.settings());
		renderer.modified(GlFakes.config(5, "auto"));
		assertEquals(new Settings(3, Settings.Platform.DEVICE), renderer.settings());
		renderer.modified(GlFakes.config(1, "x11"));
		assertEquals(new Settings(3, Settings.Platform.DEVICE), renderer.settings());
	}

	static long stripIndex(TestFrame f) {
		long v = 0;
		for (int i = 0; i < 64; i++) {
			if (((f.argb(8 * (4 + i) + 4, 4) >>> 8) & 0xFF) >= 128) {
				v |= 1L << i;
			}
		}
		return v;
	}

	static ShaderProvider shader(String id, String glsl) {
		ShaderInfo info = new ShaderInfo(id, id, "1", List.of());
		return new ShaderProvider() {
			@Override
			public ShaderInfo info() {
				return info;
			}

			@Override
			public String glslFragment() {
				return glsl;
			}

			@Override
			public Optional<CpuKernel> cpuKernel() {
				return Optional.empty();
			}
		};
	}

	static Program program(Layer... layers) {
		return Program.of(layers);
	}
}
