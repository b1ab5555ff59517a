package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;
import org.junit.jupiter.api.Test;

/**
 * The render feed on a stepped device: a selected renderer goes to air only with a frame in
 * time; an on-air renderer that stops delivering is replaced by the one before it and tried
 * again later; renders past the budget are written off.
 */
class RenderFeedTest extends ChannelHarness {

	static final RenderFeed.Settings FAST = new RenderFeed.Settings(TimeUnit.MILLISECONDS.toNanos(100),
			TimeUnit.MILLISECONDS.toNanos(150), List.of(), TimeUnit.MILLISECONDS.toNanos(300));

	void bindRenderer(Object r, String id) {
		bindings.registered(id, (org.genlock.api.render.Renderer) r);
		bindings.bind(SwapKind.RENDERER, r, id);
	}

	String onAir() {
		RenderLane l = channel.run().feed().onAir();
		return l == null ? null : l.rendererId;
	}

	/** Steps the device every few milliseconds (not waiting for a refill) until the condition holds. */
	void stepUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.currentTimeMillis() + WAIT_MILLIS;
		while (!condition.getAsBoolean()) {
			assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
			session().step();
			awaitWorker();
			Thread.sleep(5);
		}
	}

	List<SwapObservation> rendererSwaps() {
		return observed.stream().filter(o -> o instanceof SwapObservation s && s.kind() == SwapKind.RENDERER)
				.map(o -> (SwapObservation) o).toList();
	}

	@Test
	void aCandidateWhoseFrameIsLateStaysOffAirUntilOneIsInTime() throws Exception {
		bindRenderer(renderer, "sync");
		startOnAir();
		step(10);
		FakeRenderers.Async held = new FakeRenderers.Async(); // delivers only when the test says
		bindRenderer(held, "async");
		sync();
		await("the candidate's probe", () -> held.pendingCount() == 1);
		assertEquals("sync", onAir(), "the candidate is on probation");
		assertEquals("async", channel.status().render().candidateRendererId());
		// the probe's index airs and passes before the probe is delivered
		for (int i = 0; i < PlayoutSettings.DEFAULTS.prerollFrames() + 4; i++) {
			// the on-air lane renders on its own thread: step only with its next frame ready, so a
			// busy machine cannot turn this into an underrun the test is not about
			await("a ready frame before step " + i, () -> channel.run().queue().depth() > 0);
			session().step();
			awaitWorker();
		}
		assertTrue(held.completeOne());
		assertEquals("sync", onAir(), "a late frame is no proof");
		assertTrue(channel.counters().lateRenders.get() >= 1, "the late probe is counted");
		long lastBefore = session().displayIndexNow() - 1;
		Map<Long, Rec> records = byIndex();
		for (long i = 0; i <= lastBefore; i++) {
			assertEquals(FrameOutcome.FRESH, records.get(i).outcome(), "index " + i + " while the candidate was late");
		}
		// the next probe is delivered at once: in time
		await("the next probe", () -> held.pendingCount() == 1);
		assertTrue(held.completeOne());
		await("the candidate on air", () -> "async".equals(onAir()));
		assertNull(channel.status().render().candidateRendererId());
		await("the swap is posted with its reason", () -> rendererSwaps().stream()
				.anyMatch(s -> "async".equals(s.toId()) && s.reason() != null && s.reason().contains("in time")));
		assertEquals(1, device.opens.get(), "the device was never re-opened");
	}

	@Test
	void aRendererThatHangsOnAirIsReplacedByThePreviousOneAndTriedAgainLater() throws Exception {
		channel.renderSettings(FAST);
		bindRenderer(renderer, "sync");
		startOnAir();
		step(10);
		FakeRenderers.Hanging hanging = new FakeRenderers.Hanging("hang");
		bindRenderer(hanging, "hang");
		sync();
		step(5);
		await("the selected renderer on air", () -> "hang".equals(onAir()));
		hanging.hang = true;
		stepUntil("the fallback to the renderer that aired before", () -> "sync".equals(onAir()));
		assertTrue(hanging.hanging.await(0, TimeUnit.SECONDS), "it really hung");

		ChannelStatus status = channel.status();
		assertTrue(status.state().isOnAir());
		assertEquals(1, status.engine().rendererFallbacks());
		assertTrue(status.engine().abandonedRenders() >= 1, "the hung render is written off: " + status.engine());
		assertNotNull(status.render().fallbackReason());
		assertTrue(status.render().fallbackReason().startsWith("fallback: hang delivered no frame for"),
				status.render().fallbackReason());
		await("the swap is posted with its reason", () -> rendererSwaps().stream().anyMatch(s -> "hang".equals(s.fromId())
				&& "sync".equals(s.toId()) && s.reason() != null && s.reason().startsWith(RenderFeed.FALLBACK)));
		assertEquals("hang", bindings.renderer().id(), "the selection is unchanged: only what airs changed");

		long fallbackAt = session().displayIndexNow();
		step(20);
		Map<Long, Rec> records = byIndex();
		long last = session().displayIndexNow() - 1;
		for (long i = fallbackAt + PlayoutSettings.DEFAULTS.prerollFrames() + 2; i <= last; i++) {
			assertEquals(FrameOutcome.FRESH, records.get(i).outcome(), "index " + i + " after the fallback");
		}
		assertTrue(channel.state().isOnAir());

		// The stuck render returns: its frame is written off, its lane closes, and once the
		// retry is due the selected renderer is tried as a candidate and goes back on air.
		hanging.release();
		stepUntil("the selected renderer back on air", () -> "hang".equals(onAir()));
		assertTrue(hanging.opens.get() >= 2, "tried again with a new session");
		step(10);
		assertInvariant(channel.status().pool());
		assertEquals(0, channel.status().pool().parked(), "nothing parked: the stuck target came back");
		assertEquals(1, device.opens.get(), "the device was never re-opened");
	}

	@Test
	void aStallWithNothingToFallBackToKeepsTheRendererAndSaysSo() throws Exception {
		channel.renderSettings(FAST);
		FakeRenderers.Hanging hanging = new FakeRenderers.Hanging("hang");
		bindRenderer(hanging, "hang");
		startOnAir();
		step(5);
		hanging.hang = true;
		stepUntil("a render hanging", () -> hanging.hanging.getCount() == 0);
		stepUntil("the stall reported", () -> observed.stream().anyMatch(o -> o instanceof org.genlock.api.telemetry.FailureObservation f
				&& f.message().contains("no other renderer is registered to fall back to")));
		assertEquals("hang", onAir(), "nothing else to air");
		assertEquals(0, channel.status().engine().rendererFallbacks());
		hanging.release();
		long released = session().displayIndexNow();
		step(20);
		Map<Long, Rec> records = byIndex();
		long last = session().displayIndexNow() - 1;
		for (long i = released + PlayoutSettings.DEFAULTS.prerollFrames() + 3; i <= last; i++) {
			assertEquals(FrameOutcome.FRESH, records.get(i).outcome(), "index " + i + " once it delivers again");
		}
	}

	@Test
	void aConfiguredFallbackChainIsUsedWhenNothingAiredBefore() throws Exception {
		channel.renderSettings(new RenderFeed.Settings(FAST.budgetNanos(), FAST.stallNanos(), List.of("spare"),
				FAST.retryNanos()));
		FakeRenderers.Sync spare = new FakeRenderers.Sync("spare");
		bindings.registered("spare", spare);
		FakeRenderers.Hanging hanging = new FakeRenderers.Hanging("hang");
		bindRenderer(hanging, "hang");
		startOnAir();
		step(5);
		hanging.hang = true;
		stepUntil("the fallback chain's renderer on air", () -> "spare".equals(onAir()));
		assertEquals(1, spare.opens.get());
		hanging.release();
	}

	@Test
	void theOnAirRendererUnregisteredHandsTheAirToTheCandidateAtOnce() throws Exception {
		bindRenderer(renderer, "sync");
		startOnAir();
		step(5);
		FakeRenderers.Async held = new FakeRenderers.Async();
		bindRenderer(held, "async");
		sync();
		await("the candidate's probe", () -> held.pendingCount() == 1);
		bindings.unregistered("sync", renderer); // its bundle stopped
		sync();
		assertEquals("async", onAir(), "the candidate is all there is");
		assertEquals(1, renderer.closes.get());
	}

	@Test
	void aPromotedCandidateTakesOverAtItsFrameOnceAndTheOldOneFillsEveryIndexBefore() throws Exception {
		bindRenderer(renderer, "sync");
		startOnAir();
		step(10);
		long oldGeneration = bindings.renderer().generation();
		FakeRenderers.Async held = new FakeRenderers.Async();
		bindRenderer(held, "async");
		sync();
		await("the candidate's probe", () -> held.pendingCount() == 1);
		assertTrue(held.completeOne());
		await("the candidate on air", () -> "async".equals(onAir()));
		long newGeneration = bindings.renderer().generation();
		// the new lane delivers whenever asked, as fast as the device steps
		for (int i = 0; i < 30; i++) {
			held.completeAll();
			session().step();
			awaitWorker();
			held.completeAll();
			Thread.sleep(2);
		}
		Map<Long, Rec> records = byIndex();
		long last = session().displayIndexNow() - 1;
		long firstNew = -1;
		for (long i = 0; i <= last; i++) {
			Rec r = records.get(i);
			if (firstNew < 0 && r.rendererGen() == newGeneration) {
				firstNew = i;
				assertEquals(FrameOutcome.FRESH, r.outcome(), "the new renderer's first frame at " + i);
			}
			if (firstNew < 0) {
				assertEquals(FrameOutcome.FRESH, r.outcome(), "index " + i + " before the hand-over");
				assertEquals(oldGeneration, r.rendererGen(), "index " + i + " before the hand-over");
			} else {
				// after it the new lane's own cadence (here driven by the test's hand) decides
				assertEquals(newGeneration, r.rendererGen(), "index " + i + ": the picture changes once, no flip back");
			}
		}
		assertTrue(firstNew > 0 && firstNew < last, "the new renderer airs from " + firstNew);
		await("the old session closed once it handed over", () -> renderer.closes.get() == 1);
		assertInvariant(channel.status().pool());
	}
}
