package org.genlock.render.software.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.genlock.shader.support.ShaderRegistry;
import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RendererKind;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.bars.internal.BarsShader;
import org.genlock.shader.support.testing.TestFrame;
import org.genlock.shader.timecode.internal.TimecodeShader;
import org.genlock.shader.zoneplate.internal.ZonePlateShader;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SoftwareRendererTest {

	private static final VideoFormat HD720 = VideoFormat.parse("720p50");
	private static final VideoFormat SMALL = VideoFormat.parse("64x48p25");

	private final List<SoftwareSession> open = new ArrayList<>();

	@AfterEach
	void closeSessions() {
		open.forEach(SoftwareSession::close);
	}

	private static SoftwareRenderer renderer(int threads, int bandHeight, Object... shaders) {
		SoftwareRenderer r = new SoftwareRenderer();
		r.activate(Fakes.config(threads, bandHeight));
		for (Object s : shaders) {
			r.addShader((org.genlock.api.shader.ShaderProvider) s, Map.of("service.id", 1L));
		}
		return r;
	}

	private SoftwareSession session(SoftwareRenderer r, VideoFormat f) throws RenderException {
		SoftwareSession s = (SoftwareSession) r.open(f);
		open.add(s);
		return s;
	}

	private static Layer solid(String id, float r, float g, float b, float a) {
		return new Layer(id, Map.of("color", new float[] {r, g, b, a}));
	}

	private static TestFrame renderOnce(SoftwareSession s, Program p) {
		TestFrame frame = TestFrame.of(SMALL);
		Fakes.Completion done = new Fakes.Completion();
		s.render(new Fakes.Request(SMALL).program(p).at(5), frame, done);
		assertEquals(1, done.rendered, () -> "failures: " + done.failures);
		return frame;
	}

	@Test
	void describesItselfAsTheCpuRenderer() throws RenderException {
		SoftwareRenderer r = renderer(2, 16);
		assertEquals("software", r.info().id());
		assertEquals(RendererKind.CPU, r.info().kind());
		assertEquals(1, session(r, SMALL).maxInFlight());
	}

	@Test
	void emptyProgramClearsToTransparentBlackAndCompletesBeforeReturning() throws RenderException {
		SoftwareSession s = session(renderer(2, 16), SMALL);
		TestFrame frame = TestFrame.of(SMALL);
		frame.fill(0x12345678);
		Fakes.Completion done = new Fakes.Completion();
		s.render(new Fakes.Request(SMALL).at(42), frame, done);
		assertEquals(1, done.rendered);
		assertEquals(42, done.lastIndex);
		assertSame(frame, done.lastTarget);
		assertArrayEquals(new byte[frame.bytes().length], frame.bytes());
	}

	@Test
	void layersCompositeBottomToTop() throws RenderException {
		SoftwareSession s = session(renderer(2, 16, new Fakes.Solid("solid")), SMALL);
		Layer red = solid("solid", 1, 0, 0, 1);
		Layer blue = solid("solid", 0, 0, 1, 1);
		assertEquals(0xFF0000FF, renderOnce(s, Program.of(red, blue)).argb(3, 3));
		assertEquals(0xFFFF0000, renderOnce(s, Program.of(blue, red)).argb(3, 3));
	}

	@Test
	void opacityAndAlphaCompositePremultipliedOver() throws RenderException {
		SoftwareSession s = session(renderer(2, 16, new Fakes.Solid("solid")), SMALL);
		Layer red = solid("solid", 1, 0, 0, 1);
		Layer halfGreen = new Layer("solid", Map.of("color", new float[] {0, 1, 0, 1}), 0.5f, true);
		// green scaled by 128/255 over red kept by 127/255
		assertEquals(0xFF7F8000, renderOnce(s, Program.of(red, halfGreen)).argb(10, 10));
		// premultiplied 50 % blue (0, 0, 0.5, 0.5) over white: 255 * 127/255 + 0, ..., 127 + 128
		Layer white = solid("solid", 1, 1, 1, 1);
		Layer glass = solid("solid", 0, 0, 0.5f, 0.5f);
		assertEquals(0xFF7F7FFF, renderOnce(s, Program.of(white, glass)).argb(10, 10));
		// over transparent black the alpha stays partial: the key signal
		assertEquals(0x80000080, renderOnce(s, Program.of(glass)).argb(0, 0));
	}

	@Test
	void disabledAndInvisibleLayersAreIgnored() throws RenderException {
		SoftwareSession s = session(renderer(2, 16, new Fakes.Solid("solid")), SMALL);
		Layer red = solid("solid", 1, 0, 0, 1);
		Layer off = new Layer("solid", Map.of("color", new float[] {0, 0, 1, 1}), 1f, false);
		Layer clear = new Layer("solid", Map.of("color", new float[] {0, 0, 1, 1}), 0f, true);
		assertEquals(0xFFFF0000, renderOnce(s, Program.of(red, off, clear)).argb(1, 1));
		assertEquals(0, s.skippedLayers());
	}

	@Test
	void missingShadersAreSkippedCountedAndPickedUpWhenTheyArrive() throws RenderException {
		SoftwareRenderer r = renderer(2, 16, new Fakes.Solid("solid"));
		SoftwareSession s = session(r, SMALL);
		Program p = Program.of(solid("solid", 1, 0, 0, 1), new Layer("bars", Map.of()), new Layer("nope", Map.of()),
				new Layer("glonly", Map.of()));
		Fakes.Request request = new Fakes.Request(SMALL).program(p);
		TestFrame frame = TestFrame.of(SMALL);
		Fakes.Completion done = new Fakes.Completion();
		r.addShader(new Fakes.GlOnly(), Map.of());
		for (int i = 0; i < 3; i++) {
			s.render(request.at(i), frame, done);
		}
		assertEquals(3, done.rendered, "a missing shader does not fail the frame");
		assertEquals(0xFFFF0000, frame.argb(5, 5));
		assertEquals(3, s.skippedLayers(), "bars and nope missing, glonly has no CPU kernel");
		assertEquals(Set.of("bars", "nope"), s.missingShaderIds());
		assertEquals(9, s.skippedLayerFrames());

		BarsShader bars = new BarsShader();
		r.addShader(bars, Map.of());
		s.render(request.at(3), frame, done);
		assertEquals(0xFF666666, frame.argb(2, 2), "bars now drawn over the red layer (40% grey pillar)");
		assertEquals(Set.of("nope"), s.missingShaderIds());

		r.removeShader(bars);
		s.render(request.at(4), frame, done);
		assertEquals(0xFFFF0000, frame.argb(2, 2), "bars gone again at the next frame");
	}

	@Test
	void reportsEachMissingShaderOnce() {
		ShaderRegistry registry = new ShaderRegistry();
		assertTrue(registry.firstReport("missing", "x"));
		assertFalse(registry.firstReport("missing", "x"));
		assertTrue(registry.firstReport("missing", "y"));
		registry.add(new Fakes.Solid("x"), Map.of());
		assertTrue(registry.firstReport("missing", "x"), "reported again after it came and went");
	}

	@Test
	void higherRankingWinsForTheSameId() {
		ShaderRegistry registry = new ShaderRegistry();
		Fakes.Solid a = new Fakes.Solid("s");
		Fakes.Solid b = new Fakes.Solid("s");
		registry.add(a, Map.of("service.ranking", 10));
		registry.add(b, Map.of());
		assertSame(a, registry.snapshot().byId().get("s"));
		registry.remove(a);
		assertSame(b, registry.snapshot().byId().get("s"));
	}

	@Test
	void parametersResolveOncePerProgramGenerationWithDefaultsForInvalidValues() throws RenderException {
		SoftwareSession s = session(renderer(1, 16, new Fakes.Solid("solid")), SMALL);
		TestFrame frame = TestFrame.of(SMALL);
		Fakes.Completion done = new Fakes.Completion();
		// alpha below colour is not premultiplied: invalid, so the default (opaque white) applies
		Fakes.Request request = new Fakes.Request(SMALL).program(Program.of(solid("solid", 1, 0, 0, 0.5f)));
		s.render(request.at(0), frame, done);
		assertEquals(0xFFFFFFFF, frame.argb(0, 0));
		// same generation: the session keeps the resolved program even though the object changed
		request.programSameGeneration(Program.of(solid("solid", 0, 1, 0, 1)));
		s.render(request.at(1), frame, done);
		assertEquals(0xFFFFFFFF, frame.argb(0, 0));
		// new generation: re-resolved
		request.program(Program.of(solid("solid", 0, 1, 0, 1)));
		s.render(request.at(2), frame, done);
		assertEquals(0xFF00FF00, frame.argb(0, 0));
		assertEquals(3, done.rendered);
	}

	@Test
	void multiThreadedBandsAreByteIdenticalToOneThread() throws RenderException {
		Object[] shaders = {new BarsShader(), new ZonePlateShader(), new TimecodeShader()};
		Program p = Program.of(new Layer("bars", Map.of()),
				new Layer("zoneplate", Map.of("scale", 2.0, "speed", 0.5), 0.4f, true),
				new Layer("timecode", Map.of("position", 4L), 0.9f, true));
		SoftwareSession one = session(renderer(1, 1080, shaders), HD720);
		SoftwareSession many = session(renderer(5, 16, shaders), HD720);
		assertEquals(1, one.bandCount());
		assertTrue(many.bandCount() >= 10, "bands: " + many.bandCount());
		Fakes.Request r1 = new Fakes.Request(HD720).program(p);
		Fakes.Request r2 = new Fakes.Request(HD720).program(p);
		Fakes.Completion done = new Fakes.Completion();
		for (long i : new long[] {0, 1, 77, 123_456}) {
			TestFrame a = TestFrame.of(HD720);
			TestFrame b = TestFrame.withStride(HD720, HD720.rowBytes() + 256);
			one.render(r1.at(i), a, done);
			many.render(r2.at(i), b, done);
			for (int y = 0; y < 720; y += 1) {
				for (int x = 0; x < 1280; x += 3) {
					if (a.argb(x, y) != b.argb(x, y)) {
						throw new AssertionError("frame " + i + " differs at (" + x + ", " + y + "): "
								+ TestFrame.show(a.argb(x, y)) + " vs " + TestFrame.show(b.argb(x, y)));
					}
				}
			}
		}
		assertEquals(8, done.rendered, () -> "failures: " + done.failures);
	}

	@Test
	void aKernelFailureIsReportedNotThrownAndTheNextFrameWorks() throws RenderException {
		Fakes.Solid solid = new Fakes.Solid("solid");
		SoftwareSession s = session(renderer(3, 16, solid), HD720);
		Fakes.Request request = new Fakes.Request(HD720).program(Program.of(solid("solid", 1, 0, 0, 1)));
		TestFrame frame = TestFrame.of(HD720);
		Fakes.Completion done = new Fakes.Completion();
		solid.failWith = new IllegalStateException("kernel exploded");
		s.render(request.at(7), frame, done);
		assertEquals(0, done.rendered);
		assertEquals(1, done.failures.size());
		assertTrue(done.failures.get(0).contains("kernel exploded"), done.failures.get(0));
		assertEquals(7, done.lastIndex);
		solid.failWith = null;
		s.render(request.at(8), frame, done);
		assertEquals(1, done.rendered);
		assertEquals(0xFFFF0000, frame.argb(1279, 719));
	}

	@Test
	void mismatchedTargetsAndClosedSessionsFailTheFrame() throws RenderException {
		SoftwareSession s = session(renderer(2, 16), SMALL);
		Fakes.Completion done = new Fakes.Completion();
		s.render(new Fakes.Request(SMALL), TestFrame.of(HD720), done);
		assertEquals(1, done.failures.size());
		assertTrue(done.failures.get(0).contains("does not match"), done.failures.get(0));
		s.close();
		s.close(); // idempotent
		s.render(new Fakes.Request(SMALL), TestFrame.of(SMALL), done);
		assertEquals(2, done.failures.size());
		assertTrue(done.failures.get(1).contains("closed"), done.failures.get(1));
		for (Thread t : s.workerThreads()) {
			assertFalse(t.isAlive(), t.getName() + " stopped");
		}
	}

	@Test
	void workersAreNamedDaemons() throws RenderException {
		SoftwareSession s = session(renderer(4, 16), SMALL);
		assertEquals(3, s.workerThreads().size());
		for (Thread t : s.workerThreads()) {
			assertTrue(t.isDaemon());
			assertTrue(t.getName().startsWith("genlock-render-software-"), t.getName());
		}
	}

	@Test
	void onlyBgra8CanBeOpened() {
		RenderException e = assertThrows(RenderException.class,
				() -> renderer(1, 16).open(HD720.withPixelFormat(PixelFormat.UYVY8)));
		assertTrue(e.getMessage().contains("BGRA8") && e.getMessage().contains("UYVY8"), e.getMessage());
	}

	@Test
	void configurationIsValidatedAndABadOneKeepsThePrevious() {
		SoftwareRenderer r = renderer(3, 64);
		assertEquals(new Settings(3, 64), r.settings());
		r.modified(Fakes.config(65, 64));
		assertEquals(new Settings(3, 64), r.settings(), "65 threads rejected");
		r.modified(Fakes.config(2, 8));
		assertEquals(new Settings(3, 64), r.settings(), "band height 8 rejected");
		r.modified(Fakes.config(0, 16));
		assertEquals(Math.min(64, Runtime.getRuntime().availableProcessors()), r.settings().threads(), "0 = auto");
		ConfigRejected e = assertThrows(ConfigRejected.class, () -> Settings.from(Fakes.config(-1, 32)));
		assertTrue(e.getMessage().contains("genlock.render.software") && e.getMessage().contains("threads")
				&& e.getMessage().contains("0 to 64"), e.getMessage());
		SoftwareRenderer bad = new SoftwareRenderer();
		bad.activate(Fakes.config(100, 5));
		assertEquals(Settings.defaults(), bad.settings(), "a bad configuration at activation runs on the defaults");
	}

	@Test
	void steadyStateRenderingAllocatesNothing() throws RenderException {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		SoftwareSession s = session(renderer(3, 16, new BarsShader(), new ZonePlateShader(), new TimecodeShader(),
				new Fakes.Solid("solid")), HD720);
		Program p = Program.of(new Layer("bars", Map.of()), new Layer("zoneplate", Map.of(), 0.5f, true),
				new Layer("timecode", Map.of()), solid("solid", 0, 0, 0.2f, 0.2f), new Layer("missing", Map.of()));
		Fakes.Request request = new Fakes.Request(HD720).program(p);
		TestFrame frame = TestFrame.of(HD720);
		Fakes.Completion done = new Fakes.Completion();
		for (int i = 0; i < 300; i++) {
			s.render(request.at(i), frame, done);
		}
		long[] ids = new long[1 + s.workerThreads().size()];
		ids[0] = Thread.currentThread().getId();
		for (int i = 1; i < ids.length; i++) {
			ids[i] = s.workerThreads().get(i - 1).getId();
		}
		long[] before = mx.getThreadAllocatedBytes(ids);
		for (int i = 300; i < 400; i++) {
			s.render(request.at(i), frame, done);
		}
		long[] after = mx.getThreadAllocatedBytes(ids);
		long total = 0;
		for (int i = 0; i < ids.length; i++) {
			total += after[i] - before[i];
		}
		assertEquals(400, done.rendered, () -> "failures: " + done.failures);
		assertTrue(total < 1024, "allocated " + total + " bytes over 100 frames at 1280x720 on "
				+ ids.length + " threads");
	}
}
