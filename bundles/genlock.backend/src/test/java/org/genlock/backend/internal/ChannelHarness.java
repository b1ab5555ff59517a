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

/**
 * A channel on a stepped fake device with fake renderers and the helpers its tests share:
 * every thread is real, time advances only when a test steps.
 */
abstract class ChannelHarness {


	static final VideoFormat FORMAT = VideoFormat.parse("64x36p50");
	static final long WAIT_MILLIS = 5000;

	final ServiceBindings bindings = new ServiceBindings();
	final FakeDevice device = new FakeDevice("fake", FORMAT);
	final FakeRenderers.Sync renderer = new FakeRenderers.Sync("sync");
	final List<Observation> observed = new CopyOnWriteArrayList<>();
	Channel channel;

	@BeforeEach
	void create() {
		channel = new Channel("ch1", new Channel.Setup(FORMAT, false), Program.EMPTY, "", bindings, () -> null, 4096);
		channel.addSink(observed::add);
	}

	@AfterEach
	void shutdown() {
		channel.shutdown(WAIT_MILLIS);
	}

	// ---------------------------------------------------------------- helpers

	static void await(String what, BooleanSupplier condition) {
		long deadline = System.currentTimeMillis() + WAIT_MILLIS;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > deadline) {
				fail("timed out waiting for " + what);
			}
			Thread.onSpinWait();
			try {
				Thread.sleep(1);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	FakeDevice.Session session() {
		return device.current;
	}

	void startOnAir() {
		if (!bindings.device().bound()) {
			bindings.bind(SwapKind.DEVICE, device, "fake");
		}
		channel.start();
		await("on air", () -> channel.state().isOnAir());
		awaitProducer();
	}

	/** Steps the device clock n frames, each time waiting for the worker and the producer. */
	void step(int n) {
		for (int i = 0; i < n; i++) {
			session().step();
			awaitWorker();
			awaitProducer();
		}
	}

	void awaitWorker() {
		PlayoutRun r = channel.run();
		FakeDevice.Session s = session();
		await("worker to handle every completion", () -> r.completionsHandled() == s.delivered);
	}

	/** Bounded wait for the producer to refill (not an assertion: fills are legal). */
	void awaitProducer() {
		PlayoutRun r = channel.run();
		long deadline = System.currentTimeMillis() + 1000;
		// Caught up means rendered and queued: a frame still in flight would race the next
		// step (the stepped device has no 20 ms frame period to cover it).
		// A candidate renderer on probation goes to air with its first frame in time: let it.
		while (r != null && (r.feed().candidate() != null || r.hasRenderSession()
				&& (r.queue().depth() < r.readyTarget() || r.inFlight() > 0))
				&& System.currentTimeMillis() < deadline) {
			Thread.onSpinWait();
		}
	}

	void sync() {
		assertTrue(channel.sync(WAIT_MILLIS), "control thread idle");
	}

	void stopAndAwait() {
		channel.stop();
		await("STOPPED", () -> channel.state() == BackendState.STOPPED);
	}

	/** One record of the frame log. */
	record Rec(long seq, long index, FrameOutcome outcome, CompletionResult result, long rendererGen, long policyGen,
			long strategyGen, long programGen) {
	}

	List<Rec> log() {
		List<Rec> out = new ArrayList<>();
		FrameRecordVisitor v = (seq, idx, o, r, late, render, rg, pg, sg, prg) -> out
				.add(new Rec(seq, idx, o, r, rg, pg, sg, prg));
		channel.frameLog().read(0, v, Integer.MAX_VALUE);
		return out;
	}

	/** Records by display index; fails if an index appears twice. */
	Map<Long, Rec> byIndex() {
		Map<Long, Rec> m = new TreeMap<>();
		for (Rec r : log()) {
			Rec before = m.put(r.index(), r);
			assertNull(before, "display index " + r.index() + " accounted twice: " + before + " and " + r);
		}
		return m;
	}

	static void assertContiguous(Map<Long, Rec> m) {
		long expected = 0;
		for (long i : m.keySet()) {
			assertEquals(expected++, i, "every display index must be accounted");
		}
	}

	static void assertInvariant(PoolStatus p) {
		assertTrue(p.invariantHolds(), "pool invariant: " + p);
	}

	int aired(FakeDevice.Session s, long index) {
		return s.airedWord[(int) (index % FakeDevice.Session.SLOTS)];
	}

}
