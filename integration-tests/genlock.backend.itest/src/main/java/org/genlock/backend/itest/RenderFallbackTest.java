package org.genlock.backend.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.render.RendererInfo;
import org.genlock.api.render.RendererKind;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.TelemetrySink;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.log.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * What the render feed does when a renderer stops delivering, with the real backend, clock
 * device and software renderer: a renderer that hangs on air is replaced by the one that
 * aired before it within the stall timeout, with a WARN line, a SWAP with its reason and the
 * status saying why, and goes back on air by itself once it delivers again; a program heavier
 * than the render budget has its frames written off, and its fix reaches air at once instead
 * of after the heavy frame.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class RenderFallbackTest {

	static final long TIMEOUT_MS = 30_000;

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin configAdmin;

	@InjectService(timeout = 20_000, filter = "(genlock.renderer.id=software)")
	Renderer software;

	ChannelFixture channel;
	ServiceRegistration<Renderer> stuckRegistration;
	ServiceRegistration<TelemetrySink> sink;
	final List<SwapObservation> swaps = new CopyOnWriteArrayList<>();
	final Stuck stuck = new Stuck();

	/**
	 * A renderer that draws with the software renderer's sessions and can be made to hang inside
	 * a render, as a GL driver stuck in a readback does.
	 */
	final class Stuck implements Renderer {
		volatile boolean hang;
		volatile CountDownLatch release = new CountDownLatch(1);
		final CountDownLatch hanging = new CountDownLatch(1);

		@Override
		public RendererInfo info() {
			return new RendererInfo("stuck", "Software that can hang", RendererKind.CPU, "1");
		}

		@Override
		public RenderSession open(VideoFormat format) throws RenderException {
			RenderSession inner = software.open(format);
			return new RenderSession() {
				@Override
				public int maxInFlight() {
					return 1;
				}

				@Override
				public void render(RenderRequest request, FrameBuffer target, RenderCompletion done) {
					if (hang) {
						hanging.countDown();
						try {
							release.await(TIMEOUT_MS, TimeUnit.MILLISECONDS);
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
					}
					inner.render(request, target, done);
				}

				@Override
				public void close() {
					inner.close();
				}
			};
		}
	}

	@BeforeEach
	void register() {
		channel = new ChannelFixture(context, configAdmin, "fb");
		Dictionary<String, Object> props = new Hashtable<>();
		props.put("genlock.renderer.id", "stuck");
		stuckRegistration = context.registerService(Renderer.class, stuck, props);
		sink = context.registerService(TelemetrySink.class, o -> {
			if (o instanceof SwapObservation s && s.kind() == SwapKind.RENDERER) {
				swaps.add(s);
			}
		}, null);
	}

	@AfterEach
	void remove() throws Exception {
		stuck.release.countDown();
		channel.close();
		stuckRegistration.unregister();
		sink.unregister();
	}

	@Test
	void aRendererThatHangsOnAirIsReplacedByThePreviousOneAndComesBackWhenItDeliversAgain() throws Exception {
		start("bars | timecode", 500);
		VideoBackend backend = channel.awaitOnAirWith("software");
		channel.set("renderer.target", "(genlock.renderer.id=stuck)");
		channel.awaitOnAirWith("stuck");
		ChannelStatus before = backend.status();
		try (LogWatch log = new LogWatch()) {
			stuck.hang = true;
			assertThat(stuck.hanging.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)).as("a render hangs").isTrue();
			long hungAt = System.nanoTime();
			channel.awaitOnAirWith("software");
			long fellBackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hungAt);
			ChannelStatus after = backend.status();
			System.out.println("fell back " + fellBackMillis + " ms after the render hung (stall timeout 500 ms): "
					+ after.render() + " " + after.engine());
			assertThat(after.state()).isIn(BackendState.RUNNING, BackendState.DEGRADED);
			assertThat(after.rendererId()).as("the selection is unchanged").isEqualTo("stuck");
			assertThat(after.engine().rendererFallbacks() - before.engine().rendererFallbacks()).isEqualTo(1);
			assertThat(after.render().fallbackReason()).startsWith("fallback: stuck delivered no frame for")
					.endsWith("software goes to air");
			assertThat(after.counters().black() - before.counters().black()).as("black frames (repeats cover the stall)")
					.isZero();
			log.awaitMore("WARN org.genlock.backend.internal.ObservationBus - channel fb: renderer stuck -> software", 0,
					Duration.ofSeconds(5));
			assertThat(swaps).anySatisfy(s -> {
				assertThat(s.fromId()).isEqualTo("stuck");
				assertThat(s.toId()).isEqualTo("software");
				assertThat(s.reason()).startsWith("fallback: stuck delivered no frame for");
			});
			// fresh frames from software again
			long fresh = after.counters().fresh();
			awaitFresh(backend, fresh + 50);
		}
		// the hung render returns; the selected renderer is tried again and proves itself
		stuck.hang = false;
		stuck.release.countDown();
		channel.awaitOnAirWith("stuck");
		ChannelStatus back = backend.status();
		assertThat(back.render().candidateRendererId()).isNull();
		awaitFresh(backend, back.counters().fresh() + 50);
		ChannelStatus end = backend.status();
		assertThat(end.pool().invariantHolds()).as("pool %s", end.pool()).isTrue();
		assertThat(end.pool().parked()).as("parked slots").isZero();
		assertThat(swaps).anySatisfy(s -> {
			assertThat(s.toId()).isEqualTo("stuck");
			assertThat(s.reason()).contains("delivered a frame in time");
		});
	}

	@Test
	void aProgramHeavierThanTheRenderBudgetIsWrittenOffAndItsFixAirsAtOnce() throws Exception {
		start("bars | timecode", 10);
		VideoBackend backend = channel.awaitOnAirWith("software");
		awaitFresh(backend, backend.status().counters().fresh() + 25);
		StringBuilder heavy = new StringBuilder("zoneplate");
		for (int i = 1; i < 16; i++) {
			heavy.append(" | zoneplate@0.5");
		}
		channel.set("program", heavy.toString());
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		while (backend.status().engine().renderFailures() < 10 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		ChannelStatus heavyStatus = backend.status();
		System.out.println("16 zoneplate layers at 1080p with a 10 ms budget: " + heavyStatus.engine());
		assertThat(heavyStatus.engine().renderFailures()).as("heavy frames stopped past the budget").isGreaterThanOrEqualTo(10);
		assertThat(heavyStatus.state()).isIn(BackendState.RUNNING, BackendState.DEGRADED);

		long fixed = System.nanoTime();
		long freshBefore = backend.status().counters().fresh();
		channel.set("program", "bars | timecode");
		awaitFresh(backend, freshBefore + 1);
		long toAir = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fixed);
		System.out.println("the fixed program's first fresh frame aired " + toAir + " ms after the change");
		// a generous bound: the heavy frame in progress is abandoned within its 10 ms budget
		assertThat(toAir).as("ms from the fix to its first fresh frame").isLessThan(5000);
		awaitFresh(backend, freshBefore + 50);
	}

	// ------------------------------------------------------------------ helpers

	void start(String program, int budgetMs) throws Exception {
		channel.start("1080p50", program, Map.of("render.budget.ms", budgetMs, "renderer.timeout.ms", 500));
	}

	static void awaitFresh(VideoBackend backend, long fresh) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		while (backend.status().counters().fresh() < fresh && System.nanoTime() < deadline) {
			assertThat(backend.state()).isIn(BackendState.RUNNING, BackendState.DEGRADED);
			Thread.sleep(10);
		}
		assertThat(backend.status().counters().fresh()).as("fresh frames").isGreaterThanOrEqualTo(fresh);
	}
}
