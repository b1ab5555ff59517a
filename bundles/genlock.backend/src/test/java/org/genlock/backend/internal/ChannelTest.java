package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.render.Program;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.PoolObservation;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.UnderrunObservation;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end with a stepped fake device: every thread is real, time advances only when a test steps. */
class ChannelTest extends ChannelHarness {

	// ---------------------------------------------------------------- tests

	@Test
	void prerollThenRunningWithTheLifecycleInOrder() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		assertEquals(BackendState.RUNNING, channel.state());
		assertEquals(PlayoutSettings.DEFAULTS.prerollFrames(), session().held(), "preroll frames scheduled");
		assertEquals(0, session().displayIndexNow());
		List<BackendState> path = new ArrayList<>();
		for (StateTransition t : channel.recentTransitions()) {
			path.add(t.to());
		}
		assertEquals(List.of(BackendState.DISCOVERING, BackendState.DISCOVERED, BackendState.CONFIGURING,
				BackendState.CONFIGURED, BackendState.PREROLLING, BackendState.RUNNING), path);
		assertEquals("preroll complete", channel.recentTransitions().get(5).reason());
		ChannelStatus status = channel.status();
		assertEquals(FORMAT, status.format());
		assertEquals("fake", status.deviceId());
		assertEquals("sync", status.rendererId());
		assertNull(status.policyId());
		assertEquals(PlayoutSettings.DEFAULTS.framePoolSize(), status.pool().size());
		assertInvariant(status.pool());
		assertEquals(1, renderer.opens.get());
	}

	@Test
	void aFreeRunningDeviceGetsEveryIndexFreshlyRenderedAndNoFill() throws Exception {
		device.freeRunning = true;
		FakeRenderers.Async slow = new FakeRenderers.Async();
		FakePlayout.Strategy repeat = new FakePlayout.Strategy("repeat", UnderrunAction.REPEAT_NEWEST, false);
		bindings.bind(SwapKind.STRATEGY, repeat, "repeat");
		bindings.bind(SwapKind.RENDERER, slow, "async");
		bindings.bind(SwapKind.DEVICE, device, "fake");
		channel.start();
		// The renderer answers only when the test lets it: far slower than the frame rate.
		long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
		while (channel.status().counters().framesAired() < 40) {
			assertTrue(System.nanoTime() < deadline, "40 frames aired: " + channel.status().counters());
			slow.completeAll();
			Thread.sleep(2);
			FakeDevice.Session s = current();
			if (s != null) {
				s.step();
			}
			Thread.sleep(2);
		}
		stopAndAwait();
		Map<Long, Rec> records = byIndex();
		assertContiguous(records);
		FrameCounters c = channel.status().counters();
		assertEquals(c.framesAired(), c.fresh(), "only fresh frames air: " + c);
		assertEquals(0, c.underruns(), "no underrun on a free-running output: " + c);
		assertEquals(0, c.skipped(), "no index skipped: " + c);
		for (Rec r : records.values()) {
			if (r.result().aired()) {
				assertEquals(FrameOutcome.FRESH, r.outcome(), "index " + r.index());
			}
		}
	}

	FakeDevice.Session current() {
		return device.current;
	}

	@Test
	void everyDisplayIndexAiresOnceAndIsAccounted() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(50);
		FakeDevice.Session s = session();
		for (long i = 0; i < 50; i++) {
			assertEquals(FakeRenderers.MARK + (int) i, aired(s, i), "index " + i + " must show its own frame");
		}
		PlayoutRun run = channel.run();
		stopAndAwait();
		Map<Long, Rec> records = byIndex();
		assertContiguous(records);
		long fresh = records.values().stream().filter(r -> r.outcome() == FrameOutcome.FRESH && r.result().aired())
				.count();
		long flushed = records.values().stream().filter(r -> r.result() == CompletionResult.FLUSHED).count();
		assertEquals(50, fresh);
		assertEquals(PlayoutSettings.DEFAULTS.prerollFrames(), flushed, "frames scheduled ahead are flushed at stop");
		ChannelStatus status = channel.status();
		assertEquals(50, status.counters().framesAired());
		assertEquals(50, status.counters().fresh());
		assertEquals(flushed, status.counters().flushed());
		assertEquals(0, status.counters().underruns());
		PoolStatus pool = run.pool().status();
		assertEquals(pool.size(), pool.free(), "every slot comes back: " + pool);
		assertEquals(0, pool.parked());
		assertEquals(s.allocator.allocated.get(), s.allocator.released.get(), "all frame memory released");
		assertTrue(s.closed);
	}

	@Test
	void rendererRemovedMidRunTheStrategyFillsAndNothingLeaks() {
		FakePlayout.Strategy repeat = new FakePlayout.Strategy("repeat", UnderrunAction.REPEAT_NEWEST, false);
		bindings.bind(SwapKind.STRATEGY, repeat, "repeat");
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(20);
		bindings.unbind(SwapKind.RENDERER, renderer);
		sync();
		assertEquals(1, renderer.closes.get(), "the render session is closed on the control thread");
		long lastIndex = session().displayIndexNow();
		step(40);
		FakeDevice.Session s = session();
		Map<Long, Rec> records = byIndex();
		long firstFill = -1;
		for (Rec r : records.values()) {
			if (r.outcome() == FrameOutcome.REPEAT) {
				firstFill = r.index();
				break;
			}
		}
		assertTrue(firstFill > 0 && firstFill <= lastIndex + PlayoutSettings.DEFAULTS.prerollFrames()
				+ PlayoutSettings.DEFAULTS.maxReadyFrames(), "fills start right after the ready frames: " + firstFill);
		int newest = aired(s, firstFill - 1);
		for (long i = firstFill; i < lastIndex + 40; i++) {
			assertEquals(FrameOutcome.REPEAT, records.get(i).outcome(), "index " + i);
			assertEquals(newest, aired(s, i), "the newest fresh frame repeats at " + i);
		}
		assertTrue(channel.state().isOnAir());
		assertEquals(BackendState.DEGRADED, channel.state(), "underruns are impaired playout");
		PoolStatus pool = channel.status().pool();
		assertInvariant(pool);
		assertEquals(0, pool.rendering());
		assertEquals(0, pool.parked());
		// the newest fresh frame's slot is kept (READY, outside the queue) as the repeats' source
		assertEquals(1, pool.ready(), "only the repeated frame is kept: " + pool);
		assertEquals(pool.size(), pool.free() + pool.scheduled() + pool.ready(), "nothing leaked: " + pool);
		assertEquals(1, device.opens.get(), "the device was never re-opened");
		await("an observation", () -> observed.stream().anyMatch(o -> o instanceof UnderrunObservation u && u.consecutive() == 1));
		assertTrue(repeat.lastConsecutive > 30);
	}

	@Test
	void aSwapToARendererThatOpensSlowlyKeepsTheOldOneRenderingMeanwhile() throws Exception {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(10);
		FakeRenderers.Sync slow = new FakeRenderers.Sync("slow");
		slow.openMillis = 400;
		bindings.bind(SwapKind.RENDERER, slow, "slow");
		Thread.sleep(50); // the control thread is inside slow.open() now
		step(10); // ten frame periods while the new session opens
		assertEquals(0, slow.opens.get(), "still opening");
		sync();
		step(10);
		assertEquals(1, slow.opens.get());
		await("the old session closed once the new one has taken over", () -> renderer.closes.get() == 1);
		Map<Long, Rec> records = byIndex();
		long last = session().displayIndexNow() - 1;
		for (long i = 0; i <= last; i++) {
			assertEquals(FrameOutcome.FRESH, records.get(i).outcome(), "index " + i);
		}
		assertEquals(bindings.renderer().generation(), records.get(last).rendererGen(), "the new renderer airs");
	}

	@Test
	void rendererReAddedBringsFreshFramesBackAndRunningAgain() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(5);
		bindings.unbind(SwapKind.RENDERER, renderer);
		sync();
		step(15);
		assertEquals(BackendState.DEGRADED, channel.state());
		FakeRenderers.Sync second = new FakeRenderers.Sync("sync2");
		bindings.bind(SwapKind.RENDERER, second, "sync2");
		sync();
		long rebound = session().displayIndexNow();
		step(30);
		Map<Long, Rec> records = byIndex();
		long lastIndex = session().displayIndexNow() - 1;
		int window = PlayoutSettings.DEFAULTS.prerollFrames() + 1;
		for (long i = rebound + window; i <= lastIndex; i++) {
			assertEquals(FrameOutcome.FRESH, records.get(i).outcome(), "index " + i);
			assertEquals(bindings.renderer().generation(), records.get(i).rendererGen());
		}
		assertEquals(BackendState.RUNNING, channel.state(), "clean frames end the degraded state");
		assertEquals(1, device.opens.get());
		await("the end of the underrun streak is reported with its length", () -> observed.stream().anyMatch(o -> o instanceof UnderrunObservation u && u.consecutive() > 1));
	}

	/**
	 * A renderer bundle that stops closes its sessions before the backend has swapped the
	 * renderer out, so for a moment every render fails at once. Found by genlock.swap.itest:
	 * each failure moved the producer on by one index, it ran thousands of indices ahead, and
	 * once rendering worked again its frames were for the distant future: they filled the
	 * ready queue and no fresh frame aired again.
	 */
	@Test
	void failingRendersDoNotCarryTheProducerAheadOfWhatCanAir() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(10);
		renderer.failRenders = true;
		step(3); // each step waits (bounded) for a refill that does not come: the producer keeps trying
		assertTrue(renderer.failures.get() > 0, "renders failed");
		renderer.failRenders = false;
		long recovered = session().displayIndexNow();
		step(40);
		Map<Long, Rec> records = byIndex();
		long lastIndex = session().displayIndexNow() - 1;
		// the frames already scheduled and a refilled ready queue, then fresh again
		long firstFresh = recovered + PlayoutSettings.DEFAULTS.prerollFrames() + 2;
		for (long i = firstFresh; i <= lastIndex; i++) {
			assertEquals(FrameOutcome.FRESH, records.get(i).outcome(), "index " + i + " after the renderer works again");
		}
		assertTrue(renderer.failures.get() < 5000, "failed renders are retried at the producer's idle pace (~3 s of 5 ms waits), not in a "
				+ "spin (millions): " + renderer.failures.get());
		assertContiguous(records);
		assertInvariant(channel.status().pool());
	}

	@Test
	void pipelinedRendererSwapReclaimsInFlightTargets() {
		FakeRenderers.Async async = new FakeRenderers.Async();
		async.reportAfterClose = true; // misbehaves: never reports its in-flight targets
		bindings.bind(SwapKind.RENDERER, async, "async");
		startOnAir();
		await("renders in flight", () -> async.pendingCount() > 0);
		bindings.unbind(SwapKind.RENDERER, async);
		sync();
		PoolStatus pool = channel.status().pool();
		assertEquals(0, pool.rendering(), "reclaimed: " + pool);
		assertInvariant(pool);
		// observations are delivered on the channel's event thread: wait for it
		await("the reclaim is reported",
				() -> observed.stream().anyMatch(o -> o instanceof PoolObservation p && p.event().equals("reclaimed")));
		long staleBefore = channel.counters().staleRenders.get();
		async.completeAll(); // late reports from the retired session
		assertTrue(channel.counters().staleRenders.get() > staleBefore, "late reports are detected as stale");
		assertInvariant(channel.status().pool());
		step(10);
		assertInvariant(channel.status().pool());
	}

	@Test
	void policySwapTakesEffectAtAFrameBoundaryWithoutReopeningTheDevice() {
		FakePlayout.Policy a = new FakePlayout.Policy("a", PlayoutSettings.DEFAULTS);
		bindings.bind(SwapKind.POLICY, a, "a");
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(10);
		assertTrue(a.completions.get() >= 10);
		// capacity 2, target 1, 2 spares: needs more slots than the default pool of 12 for preroll 4
		PlayoutSettings bigger = new PlayoutSettings(20, 6, 1, 2, 2, 2, false, 0);
		FakePlayout.Policy b = new FakePlayout.Policy("b", bigger);
		bindings.bind(SwapKind.POLICY, b, "b");
		sync();
		long swapGen = bindings.policy().generation();
		step(10);
		ChannelStatus status = channel.status();
		assertEquals(2, status.readyCapacity());
		assertEquals(1, status.readyTarget());
		assertEquals(20, status.pool().size(), "the pool grew off the hot path");
		assertInvariant(status.pool());
		assertEquals(BackendState.RUNNING, channel.state());
		assertEquals(1, device.opens.get(), "a policy swap never re-opens the device");
		assertTrue(b.completions.get() >= 10);
		List<Rec> records = log();
		int firstNew = -1;
		for (int i = 0; i < records.size(); i++) {
			if (records.get(i).policyGen() == swapGen) {
				firstNew = i;
				break;
			}
		}
		assertTrue(firstNew > 0, "frames under the new policy are in the log");
		for (int i = firstNew; i < records.size(); i++) {
			assertEquals(swapGen, records.get(i).policyGen(), "once swapped, every later frame is under b");
		}
		await("an observation", () -> observed.stream().anyMatch(o -> o instanceof SwapObservation sw && sw.kind() == SwapKind.POLICY
				&& "a".equals(sw.fromId()) && "b".equals(sw.toId()) && sw.atDisplayIndex() >= 0));
		assertEquals(PlayoutSettings.DEFAULTS.prerollFrames(), channel.run().settings().prerollFrames(),
				"preroll changes at the next start");
	}

	@Test
	void strategySwapChangesTheNextUnderrun() {
		FakePlayout.Strategy black = new FakePlayout.Strategy("black", UnderrunAction.BLACK, false);
		bindings.bind(SwapKind.STRATEGY, black, "black");
		startOnAir(); // no renderer: every frame is a fill
		step(5);
		FakeDevice.Session s = session();
		assertEquals(0xFF000000, aired(s, 4), "opaque black BGRA");
		FakePlayout.Strategy slate = new FakePlayout.Strategy("slate", UnderrunAction.SLATE, true);
		bindings.bind(SwapKind.STRATEGY, slate, "slate");
		sync();
		long swapped = s.displayIndexNow();
		step(10);
		Map<Long, Rec> records = byIndex();
		long window = swapped + PlayoutSettings.DEFAULTS.prerollFrames();
		for (long i = window; i < swapped + 10; i++) {
			assertEquals(FrameOutcome.SLATE, records.get(i).outcome(), "index " + i);
			assertEquals(FakePlayout.SLATE_WORD, aired(s, i));
		}
		assertEquals(FrameOutcome.BLACK, records.get(2L).outcome());
		assertTrue(channel.status().counters().slate() > 0);
		assertEquals(1, device.opens.get());
		assertTrue(channel.state().isOnAir());
	}

	@Test
	void keySafeBlackWithKeyingAndSkipLeavesGaps() {
		channel.shutdown(WAIT_MILLIS);
		channel = new Channel("ch1", new Channel.Setup(FORMAT, true), Program.EMPTY, "", bindings, () -> null, 4096);
		startOnAir(); // no strategy, keyed: built-in key-safe black
		step(3);
		assertEquals(0, aired(session(), 2), "key-safe black is all zero");
		FakePlayout.Strategy skip = new FakePlayout.Strategy("skip", UnderrunAction.SKIP, false);
		bindings.bind(SwapKind.STRATEGY, skip, "skip");
		sync();
		step(12);
		Map<Long, Rec> records = byIndex();
		assertContiguous(records);
		assertTrue(records.values().stream().anyMatch(r -> r.outcome() == FrameOutcome.SKIP && r.result() == null));
		assertTrue(channel.status().counters().skipped() > 0);
		assertInvariant(channel.status().pool());
	}

	@Test
	void stopFlushesAndEndsStoppedWithEverySlotFree() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(8);
		PlayoutRun run = channel.run();
		FakeDevice.Session s = session();
		stopAndAwait();
		StateTransition last = channel.recentTransitions().get(channel.recentTransitions().size() - 1);
		assertEquals(BackendState.STOPPING, last.from());
		assertTrue(last.reason().contains("4 frames flushed"), last.reason());
		assertEquals(PlayoutSettings.DEFAULTS.prerollFrames(), channel.status().counters().flushed());
		PoolStatus pool = run.pool().status();
		assertEquals(new PoolStatus(pool.size(), pool.size(), 0, 0, 0, 0), pool);
		assertTrue(s.closed);
		assertEquals(1, renderer.closes.get());
		assertNull(channel.run());
		assertEquals(-1, channel.status().displayIndex());
		// a restart opens a new session from discovery
		channel.start();
		await("on air again", () -> channel.state().isOnAir());
		assertEquals(2, device.opens.get());
	}

	@Test
	void framesTheDeviceNeverReturnsAreParked() {
		device.holdOnClose = true;
		startOnAir();
		step(3);
		PlayoutRun run = channel.run();
		FakeDevice.Session s = session();
		stopAndAwait();
		PoolStatus pool = run.pool().status();
		assertEquals(PlayoutSettings.DEFAULTS.prerollFrames(), pool.parked(), "held by the device: " + pool);
		assertInvariant(pool);
		await("an observation", () -> observed.stream().anyMatch(o -> o instanceof PoolObservation p && p.event().equals("parked")));
		assertEquals(s.allocator.allocated.get() - pool.parked(), s.allocator.released.get(),
				"parked memory is never released");
		assertTrue(channel.recentTransitions().get(channel.recentTransitions().size() - 1).reason()
				.contains("never returned"));
	}

	@Test
	void deviceFailureFailsThenRetriesWhenADeviceIsBoundAgain() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(5);
		session().fail("cable pulled");
		await("FAILED", () -> channel.state() == BackendState.FAILED);
		StateTransition failed = channel.recentTransitions().get(channel.recentTransitions().size() - 1);
		assertTrue(failed.reason().contains("cable pulled"), failed.reason());
		sync();
		assertNull(channel.run(), "the failed session is released");
		assertTrue(session().closed);
		FakeDevice replacement = new FakeDevice("fake2", FORMAT);
		bindings.bind(SwapKind.DEVICE, replacement, "fake2");
		await("on air on the new device", () -> channel.state().isOnAir());
		assertEquals(1, replacement.opens.get());
		assertTrue(channel.recentTransitions().stream()
				.anyMatch(t -> t.from() == BackendState.FAILED && t.reason().contains("retry")));
	}

	@Test
	void deviceUnboundFailsAndWaitsWithoutADevice() {
		startOnAir();
		bindings.unbind(SwapKind.DEVICE, device);
		await("FAILED", () -> channel.state() == BackendState.FAILED);
		sync();
		assertTrue(channel.recentTransitions().get(channel.recentTransitions().size() - 1).reason()
				.contains("went away"));
		stopAndAwait();
		assertEquals(BackendState.STOPPED, channel.state(), "stop settles a failed channel");
	}

	@Test
	void startWithoutDeviceFailsWithAClearReasonAndRetriesOnBind() {
		channel.start();
		await("FAILED", () -> channel.state() == BackendState.FAILED);
		assertTrue(channel.recentTransitions().get(1).reason().contains("no output device bound"));
		bindings.bind(SwapKind.DEVICE, device, "fake");
		await("on air", () -> channel.state().isOnAir());
	}

	@Test
	void unsupportedFormatFailsNamingWhatIsSupported() {
		FakeDevice other = new FakeDevice("hd", VideoFormat.parse("1080p25"));
		bindings.bind(SwapKind.DEVICE, other, "hd");
		channel.start();
		await("FAILED", () -> channel.state() == BackendState.FAILED);
		String reason = channel.recentTransitions().get(channel.recentTransitions().size() - 1).reason();
		assertTrue(reason.contains("does not support 64x36p50") && reason.contains("1080p25"), reason);
		assertEquals(0, other.opens.get());
	}

	@Test
	void lateCallbacksAreRecoveredByMeasuredCatchUp() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(10);
		FakeDevice.Session s = session();
		s.stall(3);
		s.catchUpCallbacks(CompletionResult.DISPLAYED_LATE);
		awaitWorker();
		step(1);
		Map<Long, Rec> records = byIndex();
		assertTrue(records.values().stream().anyMatch(r -> r.outcome() == FrameOutcome.SKIP),
				"catch-up skipped display indices");
		assertTrue(channel.status().counters().skipped() > 0);
		assertTrue(channel.status().counters().late() >= 2);
		assertEquals(BackendState.DEGRADED, channel.state());
		step(PlayoutRun.CLEAN_RUN_FRAMES + 6);
		assertEquals(BackendState.RUNNING, channel.state(), "a clean run recovers");
		assertContiguous(byIndex());
	}

	@Test
	void programChangeIsANewGenerationAtTheNextFrame() {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(3);
		assertEquals(1, renderer.lastProgramGeneration);
		channel.program(Program.parse("bars"), "bars");
		step(8);
		assertEquals(2, renderer.lastProgramGeneration);
		assertTrue(log().stream().anyMatch(r -> r.programGen() == 2 && r.outcome() == FrameOutcome.FRESH));
		await("an observation", () -> observed.stream().anyMatch(o -> o instanceof SwapObservation sw && sw.kind() == SwapKind.PROGRAM
				&& "bars".equals(sw.toId())));
		assertEquals(1, device.opens.get());
	}

	@Test
	void throwingPolicyFallsBackToTheBuiltInRule() {
		FakePlayout.Policy bad = new FakePlayout.Policy("bad", PlayoutSettings.DEFAULTS);
		bad.throwOnCompletion = true;
		bindings.bind(SwapKind.POLICY, bad, "bad");
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(10);
		assertEquals(BackendState.RUNNING, channel.state());
		assertEquals(10, channel.counters().pluginErrors);
		await("one failure observation", () -> observed.stream()
				.filter(o -> o instanceof org.genlock.api.telemetry.FailureObservation f
						&& f.component().equals("policy:bad"))
				.count() == 1);
	}

	@Test
	void completionPathAllocatesNothingInSteadyState() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		FakePlayout.Strategy repeat = new FakePlayout.Strategy("repeat", UnderrunAction.REPEAT_NEWEST, false);
		bindings.bind(SwapKind.STRATEGY, repeat, "repeat");
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		long worker = channel.run().workerThread().getId();
		step(300); // warm up: class loading, JIT
		long before = threads.getThreadAllocatedBytes(worker);
		step(300);
		long fresh = threads.getThreadAllocatedBytes(worker) - before;
		assertEquals(0, fresh, "bytes allocated by the completion worker over 300 fresh frames");

		bindings.unbind(SwapKind.RENDERER, renderer);
		sync();
		// the underrun streak starts (observations allocate once), then steady fills; long enough for
		// the JIT to have compiled the fill path (a deoptimisation on the way re-materialises objects)
		step(1500);
		before = threads.getThreadAllocatedBytes(worker);
		step(300);
		long fills = threads.getThreadAllocatedBytes(worker) - before;
		assertEquals(0, fills, "bytes allocated by the completion worker over 300 repeat fills");
		assertNotNull(channel.run());
		assertFalse(channel.run().hasRenderSession());
	}

	@Test
	void aPreviewIsSampledOffTheWorkerFromAnAiredFrameWhoseSlotComesBack() throws Exception {
		bindings.bind(SwapKind.RENDERER, renderer, "sync");
		startOnAir();
		step(10);
		java.util.concurrent.CompletableFuture<java.util.Optional<org.genlock.api.backend.PreviewFrame>> taken =
				java.util.concurrent.CompletableFuture.supplyAsync(() -> {
					try {
						return channel.preview(64, 36, 5000);
					} catch (InterruptedException e) {
						throw new IllegalStateException(e);
					}
				});
		while (!channel.previewTap().wanted()) {
			Thread.sleep(1);
		}
		step(1);
		org.genlock.api.backend.PreviewFrame p = taken.get(5, java.util.concurrent.TimeUnit.SECONDS).orElseThrow();
		assertEquals(64, p.width());
		Map<Long, Rec> records = byIndex();
		assertEquals(FrameOutcome.FRESH, records.get(p.displayIndex()).outcome(), "an aired frame: " + p.displayIndex());
		step(10);
		PoolStatus pool = channel.status().pool();
		assertInvariant(pool);
		assertEquals(0, pool.parked(), "the lent slot came back: " + pool);
		assertEquals(pool.size(), pool.free() + pool.ready() + pool.scheduled() + pool.rendering(), "nothing leaked");
	}
}
