package org.genlock.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.RenderFeedStatus;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.telemetry.LifecycleObservation;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.UnderrunObservation;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class HealthTelemetryTest {

    final AtomicLong millis = new AtomicLong(1_000_000);
    final AtomicLong nanos = new AtomicLong(0);
    final List<String> log = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final Fakes.Backend backend = new Fakes.Backend("ch1");
    HealthTelemetry telemetry;

    @BeforeEach
    void setUp() {
        telemetry = new HealthTelemetry(millis::get, nanos::get, log::add);
        telemetry.configure(Fakes.config(1, 1, 1.0));
        telemetry.eventAdmin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                throw new AssertionError("telemetry must not send synchronously");
            }
        };
        telemetry.bindBackend(backend);
    }

    /** Advances 1 s of 50 frames: {@code late} late, {@code dropped} dropped, the rest completed fresh. */
    void second(int late, int dropped) {
        for (int i = 0; i < 50; i++) {
            CompletionResult r = i < late ? CompletionResult.DISPLAYED_LATE
                    : i < late + dropped ? CompletionResult.DROPPED : CompletionResult.COMPLETED;
            backend.log.add(FrameOutcome.FRESH, r, 1_000_000, 5_000_000);
        }
        for (int t = 0; t < HealthTelemetry.STATUS_EVERY_TICKS; t++) {
            telemetry.tick();
            millis.addAndGet(HealthTelemetry.TICK_MILLIS);
            nanos.addAndGet(HealthTelemetry.TICK_MILLIS * 1_000_000);
        }
    }

    Health health() {
        return telemetry.snapshot("ch1").orElseThrow().health();
    }

    @Test
    void verdictGoesDegradedOnceAndBackToOkOnceWithEvents() {
        second(0, 0);
        assertEquals(Health.OK, health());
        second(3, 0); // 3 late > 1 allowed
        assertEquals(Verdict.DEGRADED, health().verdict());
        assertEquals(List.of("3 late frames in last 10 s"), health().reasons());
        for (int i = 0; i < 5; i++) {
            second(1, 2);
        }
        assertEquals(List.of("8 late frames in last 10 s", "10 dropped frames in last 10 s"), health().reasons());
        for (int i = 0; i < 10; i++) {
            second(0, 0);
        }
        assertEquals(Health.OK, health());
        assertEquals(List.of("channel ch1 health OK -> DEGRADED: 3 late frames in last 10 s",
                "channel ch1 health DEGRADED -> OK"), log, "one line per episode edge, not per frame");
        List<Event> health = topic("HEALTH");
        assertEquals(2, health.size(), "one HEALTH event per verdict change");
        assertEquals("DEGRADED", health.get(0).getProperty("verdict"));
        assertEquals("ch1", health.get(0).getProperty("channel"));
        assertEquals("OK", health.get(1).getProperty("verdict"));
        // LATE: at most one event per second, and their counts add up to every late completion.
        List<Event> late = topic("LATE");
        assertEquals(6, late.size(), "one LATE event in each of the 6 seconds with late frames");
        assertEquals(3 + 5, late.stream().mapToLong(e -> (Long) e.getProperty(EventGate.COUNT)).sum());
        assertEquals(8L, late.get(late.size() - 1).getProperty("total"));
        assertEquals(1.0, late.get(0).getProperty("latenessMs"));
    }

    List<Event> topic(String kind) {
        return events.stream().filter(e -> e.getTopic().equals("org/genlock/channel/ch1/" + kind)).toList();
    }

    @Test
    void aBurstOfLateFramesIsOneEventPerSecondAndNothingIsLost() {
        for (int i = 0; i < 120; i++) {
            backend.log.add(FrameOutcome.FRESH, CompletionResult.DISPLAYED_LATE, 2_000_000, 1);
        }
        telemetry.tick();
        assertEquals(1, topic("LATE").size());
        for (int i = 0; i < 7; i++) { // within the same second: held back, summarised
            backend.log.add(FrameOutcome.FRESH, CompletionResult.DISPLAYED_LATE, 2_000_000, 1);
            nanos.addAndGet(100_000_000);
            telemetry.tick();
        }
        assertEquals(1, topic("LATE").size(), "rate-limited");
        nanos.addAndGet(300_000_000);
        telemetry.tick(); // the limit has passed: the 7 pending go out without a new late frame
        List<Event> late = topic("LATE");
        assertEquals(2, late.size());
        assertEquals(List.of(120L, 7L), late.stream().map(e -> e.getProperty(EventGate.COUNT)).toList());
        assertEquals(127L, late.get(1).getProperty("total"));
    }

    @Test
    void lifecycleTransitionsGoOutAsStateEventsWithABurstAllowance() {
        BackendState[] path = { BackendState.UNINITIALIZED, BackendState.DISCOVERING, BackendState.DISCOVERED,
            BackendState.CONFIGURING, BackendState.CONFIGURED, BackendState.PREROLLING, BackendState.RUNNING };
        for (int i = 1; i < path.length; i++) {
            telemetry.observe(new LifecycleObservation("ch1",
                    new StateTransition(path[i - 1], path[i], "step " + i, i, Instant.EPOCH)));
        }
        List<Event> state = topic("STATE");
        assertEquals(6, state.size(), "start-up transitions are each posted");
        assertEquals("PREROLLING", state.get(5).getProperty("from"));
        assertEquals("RUNNING", state.get(5).getProperty("to"));
        assertEquals("step 6", state.get(5).getProperty("reason"));
        assertEquals(1L, state.get(5).getProperty(EventGate.COUNT));
    }

    @Test
    void failedStateIsFailedAndUnderrunRatioDegrades() {
        backend.state = BackendState.FAILED;
        second(0, 0);
        assertEquals(new Health(Verdict.FAILED, List.of("channel state FAILED")), health());
        backend.state = BackendState.RUNNING;
        for (int i = 0; i < 50; i++) {
            backend.log.add(i == 0 ? FrameOutcome.REPEAT : FrameOutcome.FRESH, CompletionResult.COMPLETED, 0, -1);
        }
        second(0, 0); // 1 repeat in 150 frames (0.7 %) is tolerated at 1 %
        assertEquals(Verdict.OK, health().verdict());
        for (int i = 0; i < 5; i++) {
            backend.log.add(FrameOutcome.BLACK, CompletionResult.COMPLETED, 0, -1);
        }
        second(0, 0);
        assertEquals(List.of("6 underruns in last 10 s (2.9 % of frames)"), health().reasons());
    }

    @Test
    void aFailedChannelNamesItsReason() {
        backend.state = BackendState.FAILED;
        backend.failureReason = "device clock went away";
        second(0, 0);
        assertEquals(new Health(Verdict.FAILED, List.of("channel state FAILED: device clock went away")), health());
    }

    @Test
    void aRendererFallbackDegradesForTheWindowAfterIt() {
        second(0, 0);
        assertEquals(Health.OK, health());
        // the backend stamps the fallback with its wall clock: the telemetry's clock here
        backend.render = new RenderFeedStatus("software", null, 4_000_000, 1, "gl delivered nothing for 500 ms",
                Instant.ofEpochMilli(millis.get()));
        second(0, 0);
        assertEquals(new Health(Verdict.DEGRADED,
                List.of("renderer fallback in last 10 s: gl delivered nothing for 500 ms")), health());
        assertEquals(1, topic("HEALTH").size());
        for (int i = 0; i < 10; i++) {
            second(0, 0);
        }
        assertEquals(Health.OK, health(), "the fallback left the window");
        // a second fallback with the same reason, later, counts again
        backend.render = new RenderFeedStatus("software", null, 4_000_000, 1, "gl delivered nothing for 500 ms",
                Instant.ofEpochMilli(millis.get()));
        second(0, 0);
        assertEquals(Verdict.DEGRADED, health().verdict());
    }

    @Test
    void aCandidateOnProbationForMoreThanFiveSecondsDegrades() {
        backend.render = new RenderFeedStatus("software", "gl", 4_000_000, 1, null, null);
        for (int i = 0; i < 5; i++) {
            second(0, 0);
            assertEquals(Health.OK, health(), "a candidate proving itself for " + i + " s is normal");
        }
        second(0, 0);
        second(0, 0);
        assertEquals(Verdict.DEGRADED, health().verdict());
        assertTrue(health().reasons().get(0).startsWith("renderer gl on probation for "), health().reasons().toString());
        backend.render = new RenderFeedStatus("gl", null, 9_000_000, 2, null, null); // it went to air
        second(0, 0);
        assertEquals(Health.OK, health());
    }

    @Test
    void overrunsAreCountedWhenThePollerFallsBehind() {
        second(0, 0); // reads 50 records
        for (int i = 0; i < 1500; i++) { // ring holds 1000
            backend.log.add(FrameOutcome.FRESH, CompletionResult.COMPLETED, 0, -1);
        }
        second(0, 0); // adds 50 more: 1550 unread, the oldest 550 overwritten
        ChannelSnapshot s = telemetry.snapshot("ch1").orElseThrow();
        assertEquals(550, s.overruns());
        assertEquals(50 + 1000, s.completed());
    }

    @Test
    void observationsAreCountedAndTheirEventsRateLimitedPerTopic() {
        for (int i = 0; i < 3; i++) {
            telemetry.observe(new SwapObservation("ch1", SwapKind.RENDERER, "a", "b", i, 10, Instant.EPOCH));
        }
        telemetry.observe(new UnderrunObservation("ch1", 5, UnderrunAction.REPEAT_NEWEST, 1, Instant.EPOCH));
        telemetry.observe(new UnderrunObservation("ch1", 6, UnderrunAction.REPEAT_NEWEST, 2, Instant.EPOCH));
        telemetry.observe(new SwapObservation("other", SwapKind.RENDERER, "a", "b", 1, 10, Instant.EPOCH));
        assertEquals(List.of("org/genlock/channel/ch1/SWAP", "org/genlock/channel/ch1/UNDERRUN"),
                events.stream().map(Event::getTopic).toList());
        assertEquals("RENDERER", events.get(0).getProperty("kind"));
        assertEquals("REPEAT_NEWEST", events.get(1).getProperty("action"));
        nanos.addAndGet(1_000_000_000L);
        telemetry.observe(new SwapObservation("ch1", SwapKind.POLICY, "c", "d", 4, 10, Instant.EPOCH));
        assertEquals(3, events.size(), "a second later the next swap event goes out");
        assertEquals("POLICY", events.get(2).getProperty("kind"));
        assertEquals("d", events.get(2).getProperty("to"));
        assertEquals(3L, events.get(2).getProperty(EventGate.COUNT), "it stands for the 2 held back and itself");
        ChannelSnapshot s = telemetry.snapshot("ch1").orElseThrow();
        assertEquals(4, s.swaps());
        assertEquals(1, s.underrunStreaks());
    }

    @Test
    void badConfigurationIsRejectedAndThePreviousStays() {
        telemetry.configure(Fakes.config(5, 6, 2.5));
        assertEquals(new Thresholds(5, 6, 2.5), telemetry.thresholds());
        telemetry.configure(Fakes.config(-1, 6, 2.5));
        assertEquals(new Thresholds(5, 6, 2.5), telemetry.thresholds());
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> Thresholds.of(Fakes.config(1, 1, 101)));
        assertTrue(e.getMessage().contains("underrunRatioPercent"), e.getMessage());
        assertThrows(ConfigRejected.class, () -> Thresholds.of(Fakes.config(1, 1, Double.NaN)));
    }

    @Test
    void unboundChannelsDisappearAndTopicsAreSanitised() {
        telemetry.unbindBackend(backend);
        assertEquals(List.of(), telemetry.channelIds());
        assertEquals("org/genlock/channel/studio_a_1/HEALTH", HealthTelemetry.topic("studio a.1", "/HEALTH"));
    }
}
