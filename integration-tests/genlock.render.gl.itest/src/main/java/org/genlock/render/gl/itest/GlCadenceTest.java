package org.genlock.render.gl.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.TelemetrySink;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.log.LogWatch;
import org.genlock.itest.support.render.TestFrame;
import org.genlock.itest.support.render.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The GL renderer on Mesa llvmpipe at the shipped format, 1080p50 with bars and timecode: a
 * frame takes several frame periods there. Before the render feed aimed each render at the
 * index due when it is done, not one of its frames aired (every one arrived after its index
 * had been scheduled) and the channel went to black. Now it airs fresh frames at the rate the
 * renderer can make them, measured against the renderer alone in the same test, with repeats
 * between them and never black; and a switch from the software renderer keeps software on
 * air until GL has proved it delivers in time.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class GlCadenceTest {

	static final long TIMEOUT_MS = 60_000;
	static final VideoFormat F1080 = VideoFormat.parse("1080p50");
	static final String PROGRAM = "bars | timecode";
	static final String GL = "(genlock.renderer.id=gl)";
	static final String SOFTWARE = "(genlock.renderer.id=software)";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin configAdmin;

	@InjectService(timeout = 20_000, filter = "(genlock.renderer.id=gl)")
	Renderer gl;

	ChannelFixture channel;
	final List<SwapObservation> swaps = new CopyOnWriteArrayList<>();
	ServiceRegistration<TelemetrySink> sink;

	@BeforeEach
	void register() {
		channel = new ChannelFixture(context, configAdmin, "cadence");
		sink = context.registerService(TelemetrySink.class, o -> {
			if (o instanceof SwapObservation s && s.kind() == SwapKind.RENDERER) {
				swaps.add(s);
			}
		}, null);
	}

	@AfterEach
	void remove() throws Exception {
		channel.close();
		sink.unregister();
	}

	@Test
	void glAt1080p50AirsItsFramesAtTheRateItRendersThemWithRepeatsBetweenAndNeverBlack() throws Exception {
		// The repeat strategy airs black after 25 repeats (0.5 s) by default. On a loaded machine
		// llvmpipe can take longer than that for one 1080p frame; what is measured here is the
		// cadence, so the strategy bridges up to 10 s between fresh frames.
		Configuration repeat = configAdmin.getConfiguration("genlock.underrun.repeat", "?");
		repeat.update(new Hashtable<>(Map.of("maxRepeats", 500)));
		try {
			cadence();
		} finally {
			repeat.delete();
		}
	}

	private void cadence() throws Exception {
		double alone1 = standaloneRate(3000);
		channel.start(F1080.name(), PROGRAM, Map.of("renderer.target", GL));
		VideoBackend backend = channel.awaitOnAirWith("gl");
		Thread.sleep(2000); // past the first frames and the lead's first estimate
		ChannelStatus before = backend.status();
		long t0 = System.nanoTime();
		Thread.sleep(8000);
		ChannelStatus after = backend.status();
		double seconds = (System.nanoTime() - t0) / 1e9;
		channel.remove();
		double alone2 = standaloneRate(3000);

		FrameCounters a = after.counters();
		FrameCounters b = before.counters();
		double onAir = (a.fresh() - b.fresh()) / seconds;
		double alone = (alone1 + alone2) / 2;
		System.out.printf("GL 1080p50 %s: alone %.1f and %.1f fps, on air %.1f fresh fps = %.2f x alone; "
				+ "render %.1f ms, lead %d frames; in %.1f s: %d fresh, %d repeated, %d black, %d late renders, %d skipped%n",
				PROGRAM, alone1, alone2, onAir, onAir / alone, after.render().renderNanos() / 1e6,
				after.render().leadFrames(), seconds, a.fresh() - b.fresh(), a.repeated() - b.repeated(),
				a.black() - b.black(), after.engine().lateRenders() - before.engine().lateRenders(),
				a.skipped() - b.skipped());
		assertThat(a.black() - b.black()).as("black frames while GL delivers").isZero();
		assertThat(a.slate() - b.slate()).as("slate frames while GL delivers").isZero();
		assertThat(a.fresh() - b.fresh()).as("fresh GL frames on air").isPositive();
		// Half the standalone rate: on a machine shared with other builds the two standalone
		// measurements alone differ by 20 %, and the channel's device, completion and preview
		// threads share the cores with the renderer. Before render lanes aimed ahead, 0 aired.
		assertThat(onAir).as("fresh frames per second on air against the renderer alone (%.1f fps)", alone)
				.isGreaterThanOrEqualTo(0.5 * alone);
		assertThat(after.render().leadFrames()).as("a render takes more than a frame period: it aims ahead")
				.isGreaterThanOrEqualTo(1);
	}

	@Test
	void switchingFromSoftwareToGlKeepsSoftwareOnAirUntilGlDeliversAFrameInTime() throws Exception {
		channel.start(F1080.name(), PROGRAM, Map.of("renderer.target", SOFTWARE));
		VideoBackend backend = channel.awaitOnAirWith("software");
		Thread.sleep(3000); // past the first seconds of a fresh JVM
		FrameCounters before;
		try (LogWatch log = new LogWatch()) {
			before = backend.status().counters();
			channel.set("renderer.target", GL);
			// on probation: software airs every frame until GL proves itself
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
			ChannelStatus s = backend.status();
			while (!"gl".equals(s.render().onAirRendererId()) && System.nanoTime() < deadline) {
				FrameCounters c = s.counters();
				assertThat(c.repeated() + c.black() + c.slate() - before.repeated() - before.black() - before.slate())
						.as("non-fresh frames while GL is on probation; %s", s).isZero();
				Thread.sleep(5);
				s = backend.status();
			}
			assertThat(s.render().onAirRendererId()).as("GL on air within %d ms", TIMEOUT_MS).isEqualTo("gl");
			assertThat(log.text()).contains("renderer gl selected; it goes to air once it delivers a frame in time, software airs meanwhile");
		}
		// the observation reaches the sink on the channel's events thread, just after the status shows GL
		long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (swaps.stream().noneMatch(w -> "gl".equals(w.toId())) && System.nanoTime() < seen) {
			Thread.sleep(10);
		}
		SwapObservation swap = swaps.stream().filter(w -> "gl".equals(w.toId())).findFirst()
				.orElseThrow(() -> new AssertionError("no swap observation to gl within 10 s; seen: " + swaps));
		assertThat(swap.fromId()).isEqualTo("software");
		assertThat(swap.reason()).contains("delivered a frame in time");
		assertThat(swap.atDisplayIndex()).isPositive();
		Thread.sleep(1000);
		ChannelStatus after = backend.status();
		assertThat(after.counters().black() - before.black()).as("black frames across the switch").isZero();
		assertThat(after.state()).isIn(BackendState.RUNNING, BackendState.DEGRADED);
	}

	// ------------------------------------------------------------------ helpers

	/** Frames per second of the GL renderer alone, rendering PROGRAM at 1080p into a frame of its own. */
	double standaloneRate(long millis) throws Exception {
		TestRequest request = new TestRequest(F1080).program(Program.parse(PROGRAM));
		TestFrame target = new TestFrame(F1080);
		AtomicLong reported = new AtomicLong();
		RenderCompletion done = new RenderCompletion() {
			@Override
			public void rendered(FrameBuffer t, long index, long nanos) {
				reported.incrementAndGet();
			}

			@Override
			public void failed(FrameBuffer t, long index, String reason) {
				throw new AssertionError("GL render of " + index + " failed: " + reason);
			}
		};
		try (RenderSession session = gl.open(F1080)) {
			long index = 0;
			for (; index < 3; index++) { // warm up: shader compilation, first allocation
				render(session, request, target, done, reported, index);
			}
			long count = 0;
			long start = System.nanoTime();
			long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
			while (System.nanoTime() < end) {
				render(session, request, target, done, reported, index++);
				count++;
			}
			return count / ((System.nanoTime() - start) / 1e9);
		}
	}

	private static void render(RenderSession session, TestRequest request, TestFrame target, RenderCompletion done,
			AtomicLong reported, long index) throws InterruptedException {
		long before = reported.get();
		session.render(request.at(index), target, done);
		while (reported.get() == before) { // a pipelined session reports later
			Thread.sleep(0, 200_000);
		}
	}
}
