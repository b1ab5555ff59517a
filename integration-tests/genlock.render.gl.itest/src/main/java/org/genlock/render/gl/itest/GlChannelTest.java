package org.genlock.render.gl.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.VideoBackend;
import org.genlock.itest.support.channel.HashLogClock;
import org.genlock.itest.support.channel.Impairment;
import org.genlock.itest.support.log.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A channel on the clock device (hash log sink) switching between the software and the GL
 * renderer live: by its configuration, by stopping the GL bundle and by updating it, with a
 * broken shader bundle installed, without leaving the air or losing a display index.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class GlChannelTest {

	static final long TIMEOUT_MS = 30_000;
	static final Set<BackendState> ON_AIR = EnumSet.of(BackendState.RUNNING, BackendState.DEGRADED);
	static final String GL = "(genlock.renderer.id=gl)";
	static final String SOFTWARE = "(genlock.renderer.id=software)";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin configAdmin;

	Configuration channel;
	Path hashLog;

	@BeforeEach
	void configure() throws Exception {
		hashLog = HashLogClock.configure(configAdmin, "gl-itest");
		// Headroom for a shared 2-core machine: 6 frames on the device, 4 rendered ahead.
		Dictionary<String, Object> policy = new Hashtable<>();
		policy.put("prerollFrames", 6);
		policy.put("targetReadyFrames", 4);
		policy.put("maxReadyFrames", 6);
		policy.put("maxHeadroomFrames", 6);
		configAdmin.getConfiguration("genlock.policy.standard", "?").update(policy);
		channel = configAdmin.getFactoryConfiguration("genlock.channel", "gl1", "?");
		channel.update(channelConfig(SOFTWARE));
	}

	static Dictionary<String, Object> channelConfig(String renderer) {
		Dictionary<String, Object> ch = new Hashtable<>();
		ch.put("channel.id", "gl1");
		// llvmpipe on a shared 2-core machine: bars at 720p take about 11 ms per frame (30 ms with
		// the timecode layer), so the channel airs bars only.
		ch.put("format", "720p50");
		ch.put("program", "bars");
		ch.put("device.target", "(genlock.device.id=clock)");
		ch.put("renderer.target", renderer);
		ch.put("policy.target", "(genlock.policy.id=standard)");
		ch.put("strategy.target", "(genlock.strategy.id=repeat)");
		return ch;
	}

	@AfterEach
	void remove() throws Exception {
		if (channel != null) {
			channel.delete();
		}
		for (Bundle b : context.getBundles()) {
			if (b.getSymbolicName() != null && b.getSymbolicName().equals("genlock.shader.broken")) {
				b.uninstall();
			} else if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("genlock.")
					&& b.getState() == Bundle.RESOLVED) {
				b.start();
			}
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		while (backend() != null && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	@Test
	void selectingGlInTheChannelConfigSwitchesThePictureOnAirAndBack() throws Exception {
		VideoBackend backend = awaitRunning();
		Thread.sleep(1000); // past the cold start
		long from = backend.status().displayIndex();
		assertThat(backend.status().rendererId()).isEqualTo("software");
		List<BackendState> seen = new ArrayList<>();
		select(backend, GL, "gl", seen);
		// GL frames keep airing: a bounded wait, not a rate (llvmpipe shares 2 cores with the rest of the machine)
		awaitFreshFrom(backend, "gl", 50, seen);
		select(backend, SOFTWARE, "software", seen);
		seen.addAll(sample(backend, 500));
		assertThat(seen).as("states across both switches").isSubsetOf(ON_AIR);
		assertNoLostIndex(backend, from);
	}

	@Test
	void swappingSoftwareAndGlEvery500msFor20sLosesNoDisplayIndexAndReturnsEverySlot() throws Exception {
		VideoBackend backend = awaitRunning();
		Thread.sleep(1000); // past the cold start
		long from = backend.status().displayIndex();
		try (LogWatch log = new LogWatch()) {
			List<BackendState> seen = new ArrayList<>();
			boolean toGl = true;
			int swaps = 0;
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (System.nanoTime() < end) {
				channel.update(channelConfig(toGl ? GL : SOFTWARE));
				swaps++;
				toGl = !toGl;
				seen.addAll(sample(backend, 500));
			}
			select(backend, SOFTWARE, "software", seen);
			seen.addAll(sample(backend, 500));
			ChannelStatus s = backend.status();
			System.out.println("after " + swaps + " swaps: " + s);
			assertThat(seen).as("states while swapping; transitions %s", backend.recentTransitions()).isSubsetOf(ON_AIR);
			Impairment.report(swaps + " renderer swaps", FrameCounters.ZERO, s.counters());
			assertThat(s.pool().invariantHolds()).as("pool %s", s.pool()).isTrue();
			assertThat(s.pool().parked()).as("parked slots").isZero();
			assertNoLostIndex(backend, from);
			int opened = log.count("GL render session for 720p50 on ");
			assertThat(opened).as("GL sessions opened").isGreaterThanOrEqualTo(swaps / 2 - 1);
			eventually("every GL session closed", () -> assertThat(log.count("GL render session for 720p50 closed"))
					.isEqualTo(log.count("GL render session for 720p50 on ")));
			assertThat(Support.glThreads()).as("GL threads on the software renderer").isEmpty();

			backend.stop();
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
			while (backend.state() != BackendState.STOPPED && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			ChannelStatus stopped = backend.status();
			assertThat(stopped.pool().free()).as("every pool slot returned: %s", stopped.pool())
					.isEqualTo(stopped.pool().size());
		}
	}

	@Test
	void stoppingAndUpdatingTheGlBundleDuringPlayoutKeepsTheChannelOnAirAndLeavesNoGlThread() throws Exception {
		VideoBackend backend = awaitRunning();
		Thread.sleep(1000); // past the cold start
		long from = backend.status().displayIndex();
		List<BackendState> seen = new ArrayList<>();
		select(backend, GL, "gl", seen);
		Bundle glBundle = bundle("genlock.render.gl");
		try (LogWatch log = new LogWatch()) {
			// Two live updates in a row: a JNI library bound to the renderer's class loader
			// would make the second revision fail with "already loaded in another classloader".
			for (int update = 1; update <= 2; update++) {
				glBundle.update();
				awaitFreshFrom(backend, "gl", 50, seen);
			}
			assertThat(log.text()).doesNotContain("already loaded in another classloader")
					.doesNotContain("UnsatisfiedLinkError");
			assertThat(Support.glThreads()).as("GL threads while playing on GL").hasSize(1);

			glBundle.stop();
			eventually("no GL renderer in the channel", () -> assertThat(backend.status().rendererId()).isNull());
			seen.addAll(sample(backend, 500));
			eventually("no GL thread after the bundle stopped", () -> assertThat(Support.glThreads()).isEmpty());
			ChannelStatus without = backend.status();
			assertThat(without.pool().rendering()).as("slots still lent to the stopped renderer").isZero();
			glBundle.start();
			awaitFreshFrom(backend, "gl", 50, seen);
		}
		assertThat(seen).as("states across updates and the stop").isSubsetOf(ON_AIR);
		Impairment.report("GL bundle updated twice, stopped and started", FrameCounters.ZERO, backend.status().counters());
		assertNoLostIndex(backend, from);
	}

	@Test
	void aShaderBundleWhoseGlslDoesNotCompileIsRejectedWithTheCompilerLogAndPlayoutContinues() throws Exception {
		VideoBackend backend = awaitRunning();
		Thread.sleep(1000); // past the cold start
		long from = backend.status().displayIndex();
		List<BackendState> seen = new ArrayList<>();
		select(backend, GL, "gl", seen);
		try (LogWatch log = new LogWatch()) {
			Bundle broken = context.installBundle("genlock-itest:broken-shader", Support.brokenShaderBundle());
			broken.start();
			Dictionary<String, Object> ch = channelConfig(GL);
			ch.put("program", "bars | broken");
			channel.update(ch);
			String text = log.awaitMore("Shader broken is rejected by the GL renderer", 0, Duration.ofSeconds(20));
			assertThat(text).contains("GLSL compile error in shader broken").contains("error:");
			// playout goes on with the broken layer left out: a bounded wait, not a rate
			awaitFreshFrom(backend, "gl", 50, seen);
			assertThat(backend.status().rendererId()).isEqualTo("gl");
			assertThat(log.count("Shader broken is rejected")).as("rejected once, not per frame").isEqualTo(1);
		}
		assertThat(seen).isSubsetOf(ON_AIR);
		assertNoLostIndex(backend, from);
	}

	// ------------------------------------------------------------------ helpers

	void select(VideoBackend backend, String filter, String id, List<BackendState> seen) throws Exception {
		Dictionary<String, Object> ch = channel.getProperties();
		ch.put("renderer.target", filter);
		channel.update(ch);
		awaitFreshFrom(backend, id, 10, seen);
	}

	/** Waits until the channel renders with {@code id} and has aired {@code frames} more fresh frames. */
	void awaitFreshFrom(VideoBackend backend, String id, long frames, List<BackendState> seen) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		while (!id.equals(backend.status().rendererId()) && System.nanoTime() < deadline) {
			seen.add(backend.state());
			Thread.sleep(10);
		}
		assertThat(backend.status().rendererId()).as("renderer of the channel").isEqualTo(id);
		long start = backend.status().counters().fresh();
		while (backend.status().counters().fresh() - start < frames && System.nanoTime() < deadline) {
			seen.add(backend.state());
			Thread.sleep(10);
		}
		assertThat(backend.status().counters().fresh() - start).as("fresh frames from %s", id)
				.isGreaterThanOrEqualTo(frames);
	}

	VideoBackend backend() {
		try {
			for (ServiceReference<VideoBackend> ref : context.getServiceReferences(VideoBackend.class, null)) {
				VideoBackend b = context.getService(ref);
				if (b != null && "gl1".equals(b.channelId())) {
					return b;
				}
			}
		} catch (org.osgi.framework.InvalidSyntaxException e) {
			throw new AssertionError(e);
		}
		return null;
	}

	VideoBackend awaitRunning() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		VideoBackend b = null;
		while (System.nanoTime() < deadline) {
			b = backend();
			if (b != null && b.state() == BackendState.RUNNING) {
				return b;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("channel gl1 never reached RUNNING" + (b == null ? " (no service)" : ": " + b.status()));
	}

	static List<BackendState> sample(VideoBackend backend, long millis) throws InterruptedException {
		return HashLogClock.sampleStates(backend, millis);
	}

	Bundle bundle(String bsn) {
		for (Bundle b : context.getBundles()) {
			if (bsn.equals(b.getSymbolicName())) {
				return b;
			}
		}
		throw new AssertionError(bsn);
	}

	interface Check {
		void run() throws Exception;
	}

	static void eventually(String what, Check check) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		while (true) {
			try {
				check.run();
				return;
			} catch (AssertionError e) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("not within " + TIMEOUT_MS + " ms: " + what, e);
				}
				Thread.sleep(50);
			}
		}
	}

	/**
	 * Every display index the test acted on is in the device's hash log at most once and in
	 * order, and the ones missing are no more than the channel skipped or dropped (a loaded
	 * machine causes some; they are reported).
	 */
	void assertNoLostIndex(VideoBackend backend, long from) throws Exception {
		long min = backend.status().counters().framesAired() - 10;
		List<Long> indices = HashLogClock.indices(hashLog, min, TIMEOUT_MS);
		assertThat((long) indices.size()).as("hash log lines").isGreaterThanOrEqualTo(min);
		// From the frame on air when the test began to act: the cold start of a fresh framework
		// (JIT, first GL context) is the backend's start-up, not what these tests examine.
		ChannelStatus s = backend.status();
		long missing = Impairment.assertEachIndexOnceInOrder(indices, from, s.counters().skipped() + s.counters().dropped());
		System.out.println("hash log from display index " + from + ": " + missing + " not aired (skipped "
				+ s.counters().skipped() + ", dropped " + s.counters().dropped() + ")");
	}
}
