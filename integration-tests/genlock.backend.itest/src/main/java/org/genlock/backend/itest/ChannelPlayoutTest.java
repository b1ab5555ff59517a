package org.genlock.backend.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
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
 * A real channel in a real framework: backend, clock device, software renderer, shaders,
 * policy and strategy bundles, configured through ConfigAdmin as an integrator would.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ChannelPlayoutTest {

    static final long TIMEOUT_MS = 30_000;
    static final Set<BackendState> ON_AIR = EnumSet.of(BackendState.RUNNING, BackendState.DEGRADED);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    Configuration channel;
    Path hashLog;

    /**
     * Plays a throw-away channel for a few seconds first, as an operator's platform has been
     * running before it goes on air: the first seconds of a fresh JVM (class loading, JIT)
     * are not what these tests measure.
     */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp(@InjectBundleContext BundleContext ctx) throws Exception {
        ConfigurationAdmin ca = ctx.getService(ctx.getServiceReference(ConfigurationAdmin.class));
        Dictionary<String, Object> ch = new Hashtable<>();
        ch.put("channel.id", "warmup");
        ch.put("format", "720p50");
        ch.put("program", "bars | timecode");
        ch.put("device.target", "(genlock.device.id=clock)");
        ch.put("renderer.target", "(genlock.renderer.id=software)");
        ch.put("policy.target", "(genlock.policy.id=standard)");
        ch.put("strategy.target", "(genlock.strategy.id=repeat)");
        Configuration warm = ca.getFactoryConfiguration("genlock.channel", "warmup", "?");
        warm.update(ch);
        Thread.sleep(4000);
        warm.delete();
        Thread.sleep(500);
    }

    @BeforeEach
    void configure() throws Exception {
        hashLog = HashLogClock.configure(configAdmin, "backend-itest");
        awaitDeviceProperty();

        // Headroom as an engineer would set it on a shared 2-core machine that also runs the
        // build and the test framework: 120 ms scheduled on the device, 80 ms rendered ahead.
        Dictionary<String, Object> policy = new Hashtable<>();
        policy.put("prerollFrames", 6);
        policy.put("targetReadyFrames", 4);
        policy.put("maxReadyFrames", 6);
        policy.put("maxHeadroomFrames", 6);
        configAdmin.getConfiguration("genlock.policy.standard", "?").update(policy);

        Dictionary<String, Object> ch = new Hashtable<>();
        ch.put("channel.id", "it1");
        ch.put("format", "720p50");
        ch.put("program", "bars | timecode");
        ch.put("device.target", "(genlock.device.id=clock)");
        ch.put("renderer.target", "(genlock.renderer.id=software)");
        ch.put("policy.target", "(genlock.policy.id=standard)");
        ch.put("strategy.target", "(genlock.strategy.id=repeat)");
        channel = configAdmin.getFactoryConfiguration("genlock.channel", "it1", "?");
        channel.update(ch);
    }

    @AfterEach
    void remove() throws Exception {
        if (channel != null) {
            channel.delete();
        }
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("genlock.") && b.getState() == Bundle.RESOLVED) {
                b.start();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (backend() != null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * What must hold on a loaded machine: the channel stays on air, the display indices that
     * passed are accounted for (aired, dropped or skipped), each aired once and in order, the
     * counters agree, the pool is accounted. Impairment (late, dropped, underruns) is
     * reported, not asserted: a busy neighbour on a shared 2-core machine causes it (issue 12
     * saw 3 underruns and 117 ms wake-up lateness here); timing goals live in benchmarks/.
     */
    @Test
    void playsA720p50ChannelWithEveryDisplayIndexOnceAndConsistentCounts() throws Exception {
        VideoBackend backend = awaitState(BackendState.RUNNING);
        Thread.sleep(1000); // settle after start

        ChannelStatus before = backend.status();
        long t0 = System.nanoTime();
        List<BackendState> seen = sampleStates(backend, 4000);
        ChannelStatus after = backend.status();
        long t1 = System.nanoTime();

        Impairment.report("720p50 for 4 s, states " + seen.stream().distinct().toList(), before.counters(),
                after.counters());
        assertThat(seen).as("states while playing; status %s; transitions %s", after, backend.recentTransitions())
                .isSubsetOf(ON_AIR);
        double elapsedFrames = (t1 - t0) / 1e9 * 50.0;
        long passed = (after.counters().framesAired() - before.counters().framesAired())
                + (after.counters().dropped() - before.counters().dropped())
                + (after.counters().skipped() - before.counters().skipped());
        // every display index that passed aired, dropped or was skipped; the bound absorbs the
        // time between reading the status and the clock on a loaded machine (0.5 s)
        assertThat((double) passed).as("display indices accounted in %.1f frame periods", elapsedFrames)
                .isBetween(elapsedFrames - 25, elapsedFrames + 25);
        Impairment.assertSane("720p50 for 4 s", before.counters(), after.counters());
        Impairment.assertConsistent(after.counters());
        assertThat(after.pool().invariantHolds()).as("pool invariant %s", after.pool()).isTrue();
        assertThat(after.pool().parked()).isZero();
        assertThat(after.rendererId()).isEqualTo("software");
        assertThat(after.policyId()).isEqualTo("standard");
        assertThat(after.strategyId()).isEqualTo("repeat");
        assertThat(after.deviceId()).isEqualTo("clock");

        assertEachIndexOnceInOrder(backend, after.counters().framesAired() - 10);
    }

    @Test
    void stoppingTheRendererBundleMidRunIsCoveredByTheStrategyAndEverySlotComesBack() throws Exception {
        VideoBackend backend = awaitState(BackendState.RUNNING);
        Thread.sleep(500);
        Bundle renderer = bundle("genlock.render.software");

        renderer.stop();
        ChannelStatus stopped = backend.status();
        List<BackendState> seen = sampleStates(backend, 2000);
        ChannelStatus during = backend.status();

        assertThat(seen).as("states with no renderer").isSubsetOf(ON_AIR);
        long aired = during.counters().framesAired() - stopped.counters().framesAired();
        Impairment.report("2 s without a renderer", stopped.counters(), during.counters());
        // sanity bound only: a loaded machine delays the sampling thread and the device
        assertThat(aired + during.counters().dropped() - stopped.counters().dropped()
                + during.counters().skipped() - stopped.counters().skipped())
                .as("display indices accounted in 2 s without a renderer").isBetween(75L, 150L);
        long filled = (during.counters().repeated() + during.counters().black() + during.counters().slate())
                - (stopped.counters().repeated() + stopped.counters().black() + stopped.counters().slate());
        long fresh = during.counters().fresh() - stopped.counters().fresh();
        // Frames rendered before the bundle stopped may still air fresh: those already
        // scheduled on the device (the configured preroll of 6), the ready queue and one
        // being rendered - nothing more.
        assertThat(fresh).as("fresh frames after the renderer left").isLessThanOrEqualTo(6L + during.readyCapacity() + 1L);
        assertThat(filled).as("frames filled by the strategy").isGreaterThanOrEqualTo(aired - (6L + during.readyCapacity() + 1L));
        assertThat(filled + fresh).as("every aired frame is fresh or filled").isEqualTo(aired);
        assertThat(during.rendererId()).isNull();
        assertThat(during.pool().invariantHolds()).as("pool %s", during.pool()).isTrue();
        assertThat(during.pool().rendering()).as("slots still lent to the gone renderer").isZero();
        assertThat(during.pool().parked()).isZero();

        renderer.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        ChannelStatus back = backend.status();
        while (back.counters().fresh() - during.counters().fresh() < 50 && System.nanoTime() < deadline) {
            assertThat(backend.state()).isIn(ON_AIR);
            Thread.sleep(20);
            back = backend.status();
        }
        assertThat(back.counters().fresh() - during.counters().fresh()).as("fresh frames after the renderer came back").isGreaterThanOrEqualTo(50);
        assertThat(back.rendererId()).isEqualTo("software");
        assertEachIndexOnceInOrder(backend, back.counters().framesAired() - 10);

        backend.stop();
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (backend.state() != BackendState.STOPPED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ChannelStatus end = backend.status();
        assertThat(end.state()).isEqualTo(BackendState.STOPPED);
        assertThat(end.pool().free()).as("pool after stop %s", end.pool()).isEqualTo(end.pool().size());
    }

    @Test
    void swappingPolicyAndStrategyLiveNeverLeavesTheAir() throws Exception {
        VideoBackend backend = awaitState(BackendState.RUNNING);
        Dictionary<String, Object> ch = channel.getProperties();
        ch.put("policy.target", "(genlock.policy.id=lowlatency)");
        ch.put("strategy.target", "(genlock.strategy.id=black)");
        channel.update(ch);

        List<BackendState> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        ChannelStatus s = backend.status();
        while (!("lowlatency".equals(s.policyId()) && "black".equals(s.strategyId())) && System.nanoTime() < deadline) {
            seen.add(s.state());
            Thread.sleep(10);
            s = backend.status();
        }
        assertThat(s.policyId()).isEqualTo("lowlatency");
        assertThat(s.strategyId()).isEqualTo("black");
        assertThat(backend()).as("the same backend service: not restarted").isNotNull();
        seen.addAll(sampleStates(backend, 1000));
        assertThat(seen).as("states across the swap").isSubsetOf(ON_AIR);
        Impairment.report("policy and strategy swapped live", FrameCounters.ZERO, backend.status().counters());
        assertEachIndexOnceInOrder(backend, backend.status().counters().framesAired() - 10);
    }

    // --- helpers

    VideoBackend backend() {
        try {
            for (ServiceReference<VideoBackend> ref : context.getServiceReferences(VideoBackend.class, null)) {
                VideoBackend b = context.getService(ref);
                if (b != null && "it1".equals(b.channelId())) {
                    return b;
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return null;
    }

    VideoBackend awaitState(BackendState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        VideoBackend b = null;
        while (System.nanoTime() < deadline) {
            b = backend();
            if (b != null && b.state() == state) {
                return b;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("channel it1 never reached " + state + (b == null ? " (no service)" : ": " + b.status()
                + " transitions " + b.recentTransitions()));
    }

    void awaitDeviceProperty() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!context.getServiceReferences(org.genlock.api.device.VideoOutputDevice.class, "(genlock.device.id=clock)").isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no clock device");
    }

    static List<BackendState> sampleStates(VideoBackend backend, long millis) throws InterruptedException {
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

    /** Display indices from the clock device's hash log, waiting until it has at least {@code min} lines. */
    List<Long> readHashLogIndices(long min) throws IOException, InterruptedException {
        List<Long> indices = HashLogClock.indices(hashLog, min, TIMEOUT_MS);
        if (indices.size() < min) {
            throw new AssertionError("hash log " + hashLog + " has " + indices.size() + " lines, expected " + min);
        }
        return indices;
    }

    /**
     * The hash log from display index 0: each index at most once and in order, the missing
     * ones no more than the channel skipped or dropped (counted after reading the log).
     */
    void assertEachIndexOnceInOrder(VideoBackend backend, long minLines) throws IOException, InterruptedException {
        List<Long> indices = readHashLogIndices(minLines);
        ChannelStatus s = backend.status();
        long missing = Impairment.assertEachIndexOnceInOrder(indices, 0, s.counters().skipped() + s.counters().dropped());
        System.out.println("hash log: " + indices.size() + " lines, " + missing + " display indices not aired (skipped "
                + s.counters().skipped() + ", dropped " + s.counters().dropped() + ")");
    }
}
