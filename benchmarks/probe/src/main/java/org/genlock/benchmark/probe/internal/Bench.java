package org.genlock.benchmark.probe.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.render.Renderer;
import org.genlock.api.video.VideoFormat;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end benchmark, run once inside a real framework with the real bundles: start-up,
 * swaps during paced playout, footprint, real-time pacing against a bare loop, allocation,
 * unpaced throughput, scale, then (with every channel stopped) the copy ceiling and the
 * peers. Drives everything through ConfigurationAdmin, Bundle.update and the public
 * {@link VideoBackend} API, as an operator would.
 */
final class Bench {

    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);

    static final String CHANNEL_PID = "genlock.channel";
    static final String CLOCK_PID = "genlock.device.clock";
    static final String MAIN = "ch1";
    static final String PROGRAM_A = "bars | timecode";
    static final String PROGRAM_B = "bars | timecode@0.75";
    static final String RENDERER_BSN = "genlock.render.software";
    static final String DECKLINK_PID = "genlock.device.decklink";
    static final String DECKLINK_DEVICE = "decklink-100";
    /** The driver's completion thread, attached to the JVM as genlock-decklink-<device id>. */
    static final String DECKLINK_CALLBACK_ROLE = "genlock-decklink-decklink-*";

    /** Scenario lengths; {@code --quick} shortens all but start-up and footprint. */
    record Options(boolean quick, long t0EpochNanos, Set<String> only, int policySwaps, int strategySwaps, int rendererUpdates,
            int programChanges, long pacingSeconds, long throughputWarmupSeconds, long throughputSeconds,
            long scaleSeconds) {

        /** The scenarios, in the order they run; {@code only} names a subset (empty: all). */
        static final List<String> SCENARIOS = List.of("startup", "swaps", "footprint", "pacing", "throughput",
                "scale", "audio", "decklink", "taps", "peers");

        static Options of(boolean quick, long t0EpochNanos, Set<String> only) {
            for (String s : only) {
                if (!SCENARIOS.contains(s)) {
                    throw new IllegalArgumentException("unknown benchmark scenario '" + s + "' (allowed: "
                            + String.join(", ", SCENARIOS) + ")");
                }
            }
            return quick ? new Options(true, t0EpochNanos, only, 25, 25, 5, 5, 10, 3, 10, 6)
                    : new Options(false, t0EpochNanos, only, 100, 100, 20, 20, 60, 5, 20, 30);
        }

        boolean runs(String scenario) {
            return only.isEmpty() || only.contains(scenario);
        }
    }

    /** One measured part of the run. */
    private interface Scenario {
        void run() throws Exception;
    }

    private final BundleContext context;
    private final ConfigurationAdmin cm;
    private final Options opt;
    private final Report report = new Report();
    private final FrameTap tap = new FrameTap();
    private final AllocationMeter alloc = new AllocationMeter();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private boolean oneChannel = true;
    private long rssKb = -1;
    private double rssAtSeconds;

    // figures the summary line and the peers need
    private double throughputFps = Double.NaN;
    private double engineFps = Double.NaN;
    private long throughputFrames;
    private double pacingRatio = Double.NaN;
    private double bytesPerFrame = Double.NaN;
    private double firstFrameMs = Double.NaN;
    private int scaleOk = 0;

    Bench(BundleContext context, ConfigurationAdmin cm, Options opt) {
        this.context = context;
        this.cm = cm;
        this.opt = opt;
    }

    Report run() throws Exception {
        Map<String, Object> env = report.section("environment");
        env.put("quick", opt.quick());
        env.put("processors", Runtime.getRuntime().availableProcessors());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("started", Instant.now().toString());
        if (opt.runs("startup")) {
            startup();
        } else {
            awaitOnAir(MAIN, 30);
            tap.attach(backend(MAIN).frameLog());
        }
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("swaps", this::swaps);
        scenarios.put("footprint", this::footprint);
        scenarios.put("pacing", this::pacing);
        scenarios.put("throughput", this::throughput);
        scenarios.put("scale", this::scale);
        scenarios.put("audio", this::audio);
        scenarios.put("decklink", this::decklink);
        scenarios.put("taps", this::taps);
        scenarios.put("peers", this::peers);
        for (Map.Entry<String, Scenario> e : scenarios.entrySet()) {
            if (opt.runs(e.getKey())) {
                e.getValue().run();
            }
        }
        summary();
        return report;
    }

    // ------------------------------------------------------------------ start-up

    private void startup() throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        VideoBackend b = null;
        while (System.nanoTime() < deadline) {
            b = backendOrNull(MAIN);
            if (b != null && b.status().displayIndex() >= 0) {
                break;
            }
            Thread.sleep(1);
        }
        long now = epochNanos();
        if (b == null || b.status().displayIndex() < 0) {
            throw new IllegalStateException("channel " + MAIN + " did not go on air within 120 s of start");
        }
        double jvmMs = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        firstFrameMs = opt.t0EpochNanos() > 0 ? (now - opt.t0EpochNanos()) / 1e6 : jvmMs;
        Map<String, Object> s = report.section("startup");
        s.put("firstFrameMsFromProcessStart", firstFrameMs);
        s.put("firstFrameMsFromJvmStart", jvmMs);
        s.put("channel", MAIN + " as shipped in configs/ (1080p50, bars | timecode, paced clock device)");
        report.row("Start-up: process start to first frame aired (ch1 as shipped)", Report.f("%.0f ms", firstFrameMs),
                "", "", "<= 2500 ms", firstFrameMs <= 2500);
        awaitOnAir(MAIN, 30);
        tap.attach(backend(MAIN).frameLog());
    }

    // ------------------------------------------------------------------ swaps

    private void swaps() throws Exception {
        sleepPumping(2000); // settle after start
        Map<String, Object> s = report.section("swaps");
        s.put("format", "1080p50 paced (ch1 as shipped)");
        swapKind("policy", "policy swaps (standard <-> lowlatency)", opt.policySwaps(), FrameTap.POLICY, i ->
                setChannel(MAIN, "policy.target", i % 2 == 0 ? "(genlock.policy.id=lowlatency)"
                        : "(genlock.policy.id=standard)"), 0);
        shipped(); // each kind of swap is measured on the shipped policy and strategy
        swapKind("strategy", "strategy swaps (repeat <-> black)", opt.strategySwaps(), FrameTap.STRATEGY, i ->
                setChannel(MAIN, "strategy.target", i % 2 == 0 ? "(genlock.strategy.id=black)"
                        : "(genlock.strategy.id=repeat)"), 0);
        shipped();
        byte[] rendererJar = bundleBytes(bundle(RENDERER_BSN));
        swapKind("renderer", "renderer bundle updates (Bundle.update)", opt.rendererUpdates(), FrameTap.RENDERER, i -> {
            try {
                bundle(RENDERER_BSN).update(new ByteArrayInputStream(rendererJar));
            } catch (Exception e) {
                throw new IllegalStateException("updating " + RENDERER_BSN + " failed: " + e, e);
            }
        }, 1);
        shipped();
        swapKind("program", "program changes", opt.programChanges(), FrameTap.PROGRAM, i ->
                setChannel(MAIN, "program", i % 2 == 0 ? PROGRAM_B : PROGRAM_A), 0);
        // back to the shipped program for what follows
        setChannel(MAIN, "program", PROGRAM_A);
        sleepPumping(1000);
    }

    /** Back to ch1's shipped policy and strategy (an odd number of swaps leaves the other). */
    private void shipped() throws Exception {
        setChannel(MAIN, "policy.target", "(genlock.policy.id=standard)");
        setChannel(MAIN, "strategy.target", "(genlock.strategy.id=repeat)");
        sleepPumping(500);
    }

    /**
     * Performs {@code n} swaps of one kind, each after the previous went to air, and counts
     * what aired meanwhile.
     *
     * @param freshNeeded 1 if the swap is on air only when a fresh frame of the new generation
     *                    aired (a renderer swap goes through "no renderer" first)
     */
    private void swapKind(String key, String label, int n, int kind, IntConsumer swap, int freshNeeded)
            throws Exception {
        tap.reset();
        int timeouts = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tap.pump();
            long before = freshNeeded == 1 ? tap.freshRendererGeneration : tap.generation[kind];
            swap.accept(i);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                tap.pump();
                long g = freshNeeded == 1 ? tap.freshRendererGeneration : tap.generation[kind];
                if (g != before) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    timeouts++;
                    break;
                }
                Thread.sleep(2);
            }
            sleepPumping(100); // let any disturbance show before the next swap
        }
        tap.pump();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("swaps", n);
        s.put("seconds", seconds);
        s.put("framesLogged", tap.records);
        s.put("nonFresh", tap.nonFresh);
        s.put("late", tap.late);
        s.put("dropped", tap.dropped);
        s.put("notOnAirWithin10s", timeouts);
        s.put("logRecordsLost", tap.lost);
        report.section("swaps").put(key, s);
        double perSwap = n == 0 ? 0 : (double) tap.nonFresh / n;
        boolean renderer = freshNeeded == 1;
        boolean met = timeouts == 0 && tap.late == 0 && tap.dropped == 0
                && (renderer ? perSwap <= 1.0 : tap.nonFresh == 0);
        report.row(Report.f("Swap continuity: %d %s", n, label),
                Report.f("%d non-fresh (%.2f per swap), %d late, %d dropped%s", tap.nonFresh, perSwap, tap.late,
                        tap.dropped, timeouts > 0 ? ", " + timeouts + " not on air within 10 s" : ""),
                "", "", renderer ? "<= 1 non-fresh per update, 0 late/dropped" : "0 non-fresh, 0 late/dropped", met);
    }

    // ------------------------------------------------------------------ footprint

    private void footprint() throws Exception {
        while (rssKb < 0) {
            sleepPumping(100);
        }
        Map<String, Object> s = report.section("footprint");
        s.put("residentKb", rssKb);
        s.put("sampledAtSecondsAfterStart", rssAtSeconds);
        s.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        report.row("Footprint: resident memory 30 s after start, one channel", Report.f("%.0f MB", rssKb / 1024.0),
                "", "", "", null);
    }

    private void sampleRss() {
        if (rssKb >= 0 || !oneChannel) {
            return;
        }
        double seconds = opt.t0EpochNanos() > 0 ? (epochNanos() - opt.t0EpochNanos()) / 1e9
                : ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        if (seconds < 30) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    rssAtSeconds = seconds;
                }
            }
        } catch (IOException | NumberFormatException e) {
            rssKb = 0;
            report.note("Resident memory could not be read from /proc/self/status: " + e);
        }
    }

    // ------------------------------------------------------------------ pacing and allocation

    private void pacing() throws Exception {
        setChannel(MAIN, "format", "1080p60");
        awaitRestartedOnAir(MAIN, "1080p60");
        sleepPumping(3000);
        VideoBackend b = backend(MAIN);
        tap.attach(b.frameLog());
        int capacity = (int) (opt.pacingSeconds() * 60 + 600);
        tap.reset();
        tap.collectLateness(true, capacity);
        FrameCounters c0 = b.status().counters();
        BareLoop bare = new BareLoop(60, 1, spinNanos(), capacity);
        alloc.start();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        bare.start();
        sleepPumping(opt.pacingSeconds() * 1000);
        long[] bareLateness = bare.stop();
        tap.pump();
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        Map<String, Long> allocated = alloc.stop();
        FrameCounters c1 = b.status().counters();
        long aired = c1.framesAired() - c0.framesAired();
        Percentiles dev = Percentiles.of(tap.sortedLateness());
        tap.collectLateness(false, 0);
        Percentiles loop = Percentiles.of(bareLateness);
        pacingRatio = dev.p99Micros() / loop.p99Micros();
        long late = c1.late() - c0.late();
        long dropped = c1.dropped() - c0.dropped();
        long underruns = c1.underruns() - c0.underruns();
        Map<String, Object> s = report.section("pacing");
        s.put("format", "1080p60");
        s.put("seconds", wall / 1e9);
        s.put("framesAired", aired);
        s.put("late", late);
        s.put("dropped", dropped);
        s.put("underruns", underruns);
        s.put("cpuMsPerFrame", cpu / 1e6 / Math.max(1, aired));
        s.put("deviceLatenessMicros", percentiles(dev));
        s.put("bareLoopLatenessMicros", percentiles(loop));
        s.put("p99Ratio", pacingRatio);
        report.row(Report.f("Pacing: 1080p60 paced clock device, %d s", opt.pacingSeconds()),
                Report.f("%d aired: %d late, %d dropped, %d underruns", aired, late, dropped, underruns), "", "",
                "0 late, 0 dropped", late == 0 && dropped == 0);
        report.row("Pacing: wake-up lateness p50 / p99 / max (µs)",
                Report.f("%.0f / %.0f / %.0f", dev.p50Micros(), dev.p99Micros(), dev.maxMicros()),
                Report.f("bare sleep-then-spin loop: %.0f / %.0f / %.0f", loop.p50Micros(), loop.p99Micros(),
                        loop.maxMicros()),
                Report.f("p99 %.2f x", pacingRatio), "p99 <= 1.5 x bare loop", pacingRatio <= 1.5);
        allocationRow("paced 1080p60, snapshot encoder on (as shipped)", allocated, aired, "pacing");
    }

    /** Thread roles on the per-frame path; the events thread and the snapshot encoder are off it. */
    static boolean hotPath(String role) {
        // genlock-<channel>-render-<renderer>-<n>: a channel's render lane (the producer before the render feed)
        return role.endsWith("-completion") || role.startsWith("genlock-*-render-") || role.equals("genlock-clock-*")
                || role.equals(DECKLINK_CALLBACK_ROLE)
                || role.endsWith("-worker-*");
    }

    private void allocationRow(String where, Map<String, Long> allocated, long aired, String section) {
        long total = allocated.values().stream().mapToLong(Long::longValue).sum();
        long hot = allocated.entrySet().stream().filter(e -> hotPath(e.getKey())).mapToLong(Map.Entry::getValue)
                .sum();
        double perFrame = (double) hot / Math.max(1, aired);
        double all = (double) total / Math.max(1, aired);
        Map<String, Object> s = report.section("allocation");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("framesAired", aired);
        m.put("bytesPerFrameHotPathThreads", perFrame);
        m.put("bytesPerFrameAllGenlockThreads", all);
        m.put("bytesByThreadRole", new LinkedHashMap<>(allocated));
        s.put(section, m);
        if (section.equals("pacing")) {
            bytesPerFrame = perFrame;
        }
        report.row("Allocation per aired frame, " + where,
                Report.f("%.1f B/frame on the per-frame threads; %.1f B/frame all genlock-* threads", perFrame, all),
                "", "", "0 (per-frame threads)", hot == 0);
    }

    private long spinNanos() {
        try {
            Configuration c = cm.getConfiguration(CLOCK_PID, "?");
            Object v = c.getProperties() == null ? null : c.getProperties().get("spin.micros");
            return v == null ? 200_000 : Long.parseLong(v.toString().strip()) * 1000;
        } catch (IOException | NumberFormatException e) {
            return 200_000;
        }
    }

    private static Map<String, Object> percentiles(Percentiles p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", p.count());
        m.put("p50", p.p50Micros());
        m.put("p99", p.p99Micros());
        m.put("max", p.maxMicros());
        return m;
    }

    // ------------------------------------------------------------------ DeckLink (emulated card)

    /**
     * ch1 paced at 1080p60 on the emulated DeckLink card (the emulator of the driver's ABI that
     * benchmarks/run builds, loaded through the bundle's library.path) and, in the same run, on
     * the paced clock device: fresh fps, CPU per frame, bytes allocated per frame on the device's
     * callback/pacing thread and on the completion worker.
     */
    private void decklink() throws Exception {
        String lib = System.getProperty("genlock.bench.decklink.library", "");
        if (lib.isBlank()) {
            report.row("DeckLink (emulated card) vs clock: ch1 1080p60 paced",
                    "not measured: no emulator library (benchmarks/run builds it with cc)", "", "", "", null);
            return;
        }
        Configuration dl = cm.getConfiguration(DECKLINK_PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("library.path", lib);
        dl.update(p);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (context.getServiceReferences(VideoOutputDevice.class, "(genlock.device.id=" + DECKLINK_DEVICE + ")")
                .isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the emulated DeckLink " + DECKLINK_DEVICE + " did not register");
            }
            sleepPumping(20);
        }
        if (backend(MAIN).state() == BackendState.STOPPED) {
            backend(MAIN).start(); // a scenario before may have stopped it
        }
        String originalTarget = channelConfig(MAIN).getProperties().get("device.target").toString();
        String originalFormat = channelConfig(MAIN).getProperties().get("format").toString();
        setChannel(MAIN, "format", "1080p60");
        awaitRestartedOnAir(MAIN, "1080p60");
        long seconds = opt.pacingSeconds();
        Map<String, Object> clock = measureDevice("clock", seconds);
        setChannel(MAIN, "device.target", "(genlock.device.id=" + DECKLINK_DEVICE + ")");
        awaitDevice(MAIN, DECKLINK_DEVICE);
        Map<String, Object> card = measureDevice(DECKLINK_DEVICE, seconds);
        setChannel(MAIN, "device.target", originalTarget);
        setChannel(MAIN, "format", originalFormat);
        awaitRestartedOnAir(MAIN, originalFormat);
        Map<String, Object> s = report.section("decklink");
        s.put("format", "1080p60");
        s.put("seconds", seconds);
        s.put("clock", clock);
        s.put("decklinkEmulated", card);
        s.put("unpaced", "not measured: a DeckLink output is always paced by the card's clock");
        double ratio = (double) card.get("freshFps") / (double) clock.get("freshFps");
        report.row(Report.f("DeckLink (emulated card): ch1 1080p60 paced, %d s", seconds),
                Report.f("%.1f fresh fps, %.2f CPU-ms/frame, %d late, %d dropped", card.get("freshFps"),
                        card.get("cpuMsPerFrame"), card.get("late"), card.get("dropped")),
                Report.f("clock device, same run: %.1f fresh fps, %.2f CPU-ms/frame", clock.get("freshFps"),
                        clock.get("cpuMsPerFrame")),
                Report.f("%.2f x", ratio), "fresh fps >= 0.95 x clock", ratio >= 0.95);
        report.row("DeckLink (emulated card): allocation per aired frame, callback thread / completion worker",
                Report.f("%.0f B / %.0f B", card.get("callbackBytesPerFrame"), card.get("completionBytesPerFrame")),
                Report.f("clock device: pacing thread %.0f B / completion worker %.0f B",
                        clock.get("callbackBytesPerFrame"), clock.get("completionBytesPerFrame")),
                "", "measured (JNA's callback and call paths allocate)", null);
    }

    private void awaitDevice(String channelId, String deviceId) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            VideoBackend b = backendOrNull(channelId);
            if (b != null && deviceId.equals(b.status().deviceId())
                    && (b.state() == BackendState.RUNNING || b.state() == BackendState.DEGRADED)) {
                return;
            }
            sleepPumping(20);
        }
        throw new IllegalStateException("channel " + channelId + " is not on air on " + deviceId + " after 30 s");
    }

    private Map<String, Object> measureDevice(String deviceId, long seconds) throws Exception {
        sleepPumping(2000);
        VideoBackend b = backend(MAIN);
        FrameCounters c0 = b.status().counters();
        alloc.start();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        sleepPumping(seconds * 1000);
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        Map<String, Long> allocated = alloc.stop();
        FrameCounters c1 = b.status().counters();
        long aired = Math.max(1, c1.framesAired() - c0.framesAired());
        String callbackRole = deviceId.equals("clock") ? "genlock-clock-*" : DECKLINK_CALLBACK_ROLE;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", deviceId);
        m.put("framesAired", aired);
        m.put("freshFps", (c1.fresh() - c0.fresh()) / (wall / 1e9));
        m.put("cpuMsPerFrame", cpu / 1e6 / aired);
        m.put("late", c1.late() - c0.late());
        m.put("dropped", c1.dropped() - c0.dropped());
        m.put("callbackBytesPerFrame", (double) allocated.getOrDefault(callbackRole, 0L) / aired);
        m.put("completionBytesPerFrame", (double) allocated.getOrDefault("genlock-*-completion", 0L) / aired);
        m.put("bytesByThreadRole", new LinkedHashMap<>(allocated));
        return m;
    }

    // ------------------------------------------------------------------ audio

    /** Bars and tone at 1080p50, video only vs 2 and 16 audio channels in one run (see {@link AudioBench}). */
    private void audio() throws Exception {
        if (backend(MAIN).state() == BackendState.STOPPED) {
            backend(MAIN).start(); // a scenario before may have stopped it
        }
        awaitOnAir(MAIN, 30);
        long seconds = opt.quick() ? 15 : 60;
        AudioBench.Host host = new AudioBench.Host() {
            @Override
            public VideoBackend channel() throws Exception {
                return backend(MAIN);
            }

            @Override
            public Configuration channelConfig() throws Exception {
                return Bench.this.channelConfig(MAIN);
            }

            @Override
            public Configuration clockConfig() throws Exception {
                return cm.getConfiguration(CLOCK_PID, "?");
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                sleepPumping(millis);
            }
        };
        AudioBench.report(report, new AudioBench(host, MAIN).run(seconds), seconds);
    }

    // ------------------------------------------------------------------ throughput

    private void throughput() throws Exception {
        setClock("mode", "unpaced");
        setClock("snapshot.path", "");
        Thread.sleep(500); // the device applies mode to sessions opened afterwards
        VideoFormat running = backend(MAIN).status().format();
        if (running != null && running.name().equals("1080p50")) {
            // no format change to reopen the device session: stop and start the channel
            backend(MAIN).stop();
            awaitState(MAIN, BackendState.STOPPED, 20);
            backend(MAIN).start();
        } else {
            setChannel(MAIN, "format", "1080p50");
        }
        awaitRestartedOnAir(MAIN, "1080p50");
        VideoBackend b = backend(MAIN);
        tap.attach(b.frameLog());
        sleepPumping(opt.throughputWarmupSeconds() * 1000);
        FrameCounters c0 = b.status().counters();
        alloc.start();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        sleepPumping(opt.throughputSeconds() * 1000);
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        Map<String, Long> allocated = alloc.stop();
        FrameCounters c1 = b.status().counters();
        long fresh = c1.fresh() - c0.fresh();
        long aired = c1.framesAired() - c0.framesAired();
        engineFps = fresh / (wall / 1e9);
        Map<String, Object> s = report.section("throughput");
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("setup", "channel ch1 through the playout engine, clock device unpaced, 1920x1080 BGRA8, program '"
                + PROGRAM_A + "', software renderer, sink discard, snapshot off");
        engine.put("seconds", wall / 1e9);
        engine.put("freshFrames", fresh);
        engine.put("framesAired", aired);
        engine.put("freshFps", engineFps);
        engine.put("airedFps", aired / (wall / 1e9));
        engine.put("cpuMsPerFreshFrame", cpu / 1e6 / Math.max(1, fresh));
        s.put("engine", engine);
        report.row(Report.f("Throughput through the engine: ch1 on the unpaced clock, %d s", opt.throughputSeconds()),
                Report.f("%.0f fresh fps of %.0f aired fps (%d fresh, %d fills); %.2f CPU-ms per fresh frame",
                        engineFps, aired / (wall / 1e9), fresh, aired - fresh, cpu / 1e6 / Math.max(1, fresh)),
                "", "", "every frame fresh", fresh == aired);
        allocationRow("engine on the unpaced clock, snapshot off", allocated, aired, "engineUnpaced");

        // The same bundles without the engine between them: every frame rendered and handed over.
        b.stop();
        awaitState(MAIN, BackendState.STOPPED, 20);
        Renderer renderer = service(Renderer.class, "(genlock.renderer.id=software)");
        VideoOutputDevice device = service(VideoOutputDevice.class, "(genlock.device.id=clock)");
        alloc.start();
        DirectPipeline.Result r = DirectPipeline.run(renderer, device, VideoFormat.parse("1080p50"), PROGRAM_A,
                opt.throughputWarmupSeconds() * 1_000_000_000L, opt.throughputSeconds() * 1_000_000_000L, os);
        Map<String, Long> pipelineAlloc = alloc.stop();
        throughputFrames = r.scheduled();
        throughputFps = r.scheduled() / r.seconds();
        double cpuMs = r.cpuNanos() / 1e6 / Math.max(1, r.scheduled());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("setup", "software renderer session -> clock device session (unpaced), 1920x1080 BGRA8, program '"
                + PROGRAM_A + "', 6 device frames recycled on completion, sink discard, snapshot off");
        d.put("seconds", r.seconds());
        d.put("framesRenderedAndScheduled", r.scheduled());
        d.put("framesCompletedOnAir", r.completed());
        d.put("renderFailures", r.failed());
        d.put("fps", throughputFps);
        d.put("cpuMsPerFrame", cpuMs);
        s.put("pipeline", d);
        report.row(Report.f("Throughput: software renderer -> unpaced clock device, 1080p BGRA, bars + timecode, %d s",
                opt.throughputSeconds()),
                Report.f("%.0f fps, %.2f CPU-ms/frame (%d frames rendered and scheduled, %d render failures)",
                        throughputFps, cpuMs, r.scheduled(), r.failed()),
                "", "", "", null);
        allocationRow("renderer -> unpaced clock device (no engine)", pipelineAlloc, r.completed(), "throughput");
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        for (ServiceReference<T> ref : context.getServiceReferences(type, filter)) {
            T t = context.getService(ref);
            if (t != null) {
                return t;
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " service matching " + filter);
    }

    // ------------------------------------------------------------------ scale

    private void scale() throws Exception {
        setClock("mode", "paced");
        Thread.sleep(500);
        oneChannel = false;
        VideoBackend main = backend(MAIN);
        main.stop();
        awaitState(MAIN, BackendState.STOPPED, 20);
        main.start();
        awaitOnAir(MAIN, 30);
        List<String> channels = new ArrayList<>(List.of(MAIN));
        Map<String, Object> s = report.section("scale");
        s.put("format", "1080p50 paced, program '" + PROGRAM_A + "', snapshot off");
        s.put("secondsEach", opt.scaleSeconds());
        int processors = Runtime.getRuntime().availableProcessors();
        try {
            for (int n : new int[] { 1, 2, 4, 8 }) {
                while (channels.size() < n) {
                    String id = "bench" + (channels.size() + 1);
                    addChannel(id);
                    channels.add(id);
                }
                for (String id : channels) {
                    awaitOnAir(id, 60);
                }
                sleepPumping(3000);
                List<FrameCounters> before = new ArrayList<>();
                for (String id : channels) {
                    before.add(backend(id).status().counters());
                }
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                sleepPumping(opt.scaleSeconds() * 1000);
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long late = 0;
                long dropped = 0;
                long underruns = 0;
                long aired = 0;
                for (int i = 0; i < channels.size(); i++) {
                    FrameCounters a = before.get(i);
                    FrameCounters z = backend(channels.get(i)).status().counters();
                    late += z.late() - a.late();
                    dropped += z.dropped() - a.dropped();
                    underruns += z.underruns() - a.underruns();
                    aired += z.framesAired() - a.framesAired();
                }
                double cpuPerChannel = 100.0 * cpu / wall / n;
                boolean ok = late == 0 && dropped == 0;
                if (ok) {
                    scaleOk = Math.max(scaleOk, n);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seconds", wall / 1e9);
                m.put("framesAired", aired);
                m.put("late", late);
                m.put("dropped", dropped);
                m.put("underruns", underruns);
                m.put("cpuPercentOfOneCorePerChannel", cpuPerChannel);
                s.put(n + "channels", m);
                report.row(Report.f("Scale: %d x 1080p50, %d s", n, opt.scaleSeconds()),
                        Report.f("%d late, %d dropped, %d underruns; CPU %.0f%% of a core per channel", late, dropped,
                                underruns, cpuPerChannel),
                        Report.f("%d cores", processors), "", n <= 4 ? "0 late, 0 dropped" : "",
                        n <= 4 ? ok : null);
            }
        } finally {
            for (String id : channels) {
                if (!id.equals(MAIN)) {
                    removeChannel(id);
                }
            }
        }
        s.put("largestWithoutLateOrDropped", scaleOk);
        report.row("Scale: most 1080p50 channels with 0 late, 0 dropped", Integer.toString(scaleOk),
                Report.f("%d cores", processors), "", ">= 4", scaleOk >= 4);
    }

    // ------------------------------------------------------------------ taps

    /** ch1 1080p50 with an H.264 SRT tap to a real receiver, x264 ultrafast and veryfast (see {@link TapBench}). */
    private void taps() throws Exception {
        awaitOnAir(MAIN, 30);
        VideoBackend ch1 = backend(MAIN);
        long seconds = opt.quick() ? 10 : 60;
        Map<String, Object> s = report.section("taps");
        for (String preset : List.of("ultrafast", "veryfast")) {
            TapBench.Figures f = new TapBench(context, cm).run(ch1, (k, v) -> setChannel(MAIN, k, v), preset, seconds);
            s.put(preset, f);
            String name = Report.f("Tap: ch1 1080p50 -> H.264 SRT (x264 %s), %d s", preset, seconds);
            if (f.problem() != null) {
                report.row(name, "not measured: " + f.problem(), "", "", "0 dropped", null);
                continue;
            }
            double overhead = f.overheadOverPipeline();
            report.row(name, Report.f("%.1f ms CPU/frame (encoder %.1f, tap copy %.1f + write into the pipe %.1f); %d "
                    + "of %d aired frames dropped by the tap; latency aired -> decoded p50 %.0f ms, p99 %.0f ms (%d "
                    + "frames read back)", f.cpuMsPerFrame(), f.encoderMsPerFrame(), f.copyMsPerFrame(),
                    f.writeMsPerFrame(), f.dropped(), f.aired(), f.latencyP50Ms(), f.latencyP99Ms(), f.received()),
                    Report.f("standalone ffmpeg, same command, aired frames and audio from named pipes: at 50 fps "
                            + "%.1f ms CPU/frame + %.1f ms its feeder's pipe writes; unpaced %.0f fps, %.1f ms CPU/frame",
                            f.standaloneMsPerFrame(), f.standaloneFeederMsPerFrame(), f.standaloneFps(),
                            f.standaloneUnpacedMsPerFrame()),
                    Report.f("overhead %+.0f %% CPU/frame over standalone encoder + feeder (%+.0f %% over the encoder "
                            + "alone)", 100 * overhead, 100 * f.overheadOverEncoder()),
                    "< 10 % overhead, 0 dropped", overhead < 0.10 && f.dropped() == 0);
        }
    }

    // ------------------------------------------------------------------ peers

    private void peers() throws Exception {
        VideoBackend main = backend(MAIN);
        main.stop();
        awaitState(MAIN, BackendState.STOPPED, 20);
        Thread.sleep(1000);
        long frames = Math.max(500, throughputFrames);
        Map<String, Object> s = report.section("peers");
        s.put("frames", frames);
        s.put("note", "Genlock's channels are stopped while the peers run; a peer's start-up time (a run of "
                + Peers.STARTUP_FRAMES + " frames) is subtracted from its full run");
        peerRow(Peers.copyCeiling(frames), ">= 0.6 x", 0.6, "copy");
        peerRow(Peers.gstreamer(frames), ">= 1.5 x", 1.5, "gstreamer");
        peerRow(Peers.ffmpeg(frames), ">= 2 x", 2.0, "ffmpeg");
    }

    private final Map<String, Double> ratios = new LinkedHashMap<>();

    private void peerRow(Peers.Figure f, String goal, double goalRatio, String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", f.command());
        m.put("frames", f.frames());
        m.put("fps", f.fps());
        m.put("seconds", f.seconds());
        m.put("problem", f.problem());
        // The headline is the definition: through the engine onto the unpaced clock,
        // every frame rendered and handed to the device; the renderer alone is in brackets.
        double ratio = engineFps / f.fps();
        m.put("genlockRatio", f.measured() ? ratio : Double.NaN);
        report.section("peers").put(key, m);
        if (!f.measured()) {
            report.row("Throughput vs " + f.name(), Report.f("%.0f fps", engineFps),
                    "not measured: " + f.problem(), "", goal, null);
            return;
        }
        ratios.put(key, ratio);
        report.row("Throughput vs " + f.name(), Report.f("%.0f fps", engineFps),
                Report.f("%.0f fps (%d frames)", f.fps(), f.frames()),
                Report.f("%.2f x (renderer alone %.2f x)", ratio, throughputFps / f.fps()), goal,
                ratio >= goalRatio);
    }

    private void summary() {
        StringBuilder b = new StringBuilder("SUMMARY genlock ");
        b.append(Report.f("%.0f fps through the engine", engineFps));
        for (String k : List.of("copy", "gstreamer", "ffmpeg")) {
            Double r = ratios.get(k);
            b.append(", ").append(r == null ? "n/a" : Report.f("%.2f", r)).append(" x ").append(k);
        }
        b.append(Report.f("; renderer alone %.0f fps", throughputFps));
        b.append(Report.f("; pacing p99 %.2f x bare loop; %.1f B/frame; first frame %.0f ms; %d x 1080p50 clean",
                pacingRatio, bytesPerFrame, firstFrameMs, scaleOk));
        report.summary(b.toString());
    }

    // ------------------------------------------------------------------ helpers

    private void sleepPumping(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            tap.pump();
            sampleRss();
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(20, Math.max(1, left / 1_000_000L)));
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    VideoBackend backendOrNull(String channelId) throws Exception {
        for (ServiceReference<VideoBackend> r : context.getServiceReferences(VideoBackend.class, null)) {
            VideoBackend b = context.getService(r);
            if (b != null) {
                if (channelId.equals(b.channelId())) {
                    return b;
                }
                context.ungetService(r);
            }
        }
        return null;
    }

    private VideoBackend backend(String channelId) throws Exception {
        VideoBackend b = backendOrNull(channelId);
        if (b == null) {
            throw new IllegalStateException("no VideoBackend service for channel " + channelId);
        }
        return b;
    }

    private void awaitOnAir(String channelId, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            VideoBackend b = backendOrNull(channelId);
            if (b != null) {
                BackendState st = b.state();
                if ((st == BackendState.RUNNING || st == BackendState.DEGRADED) && b.status().displayIndex() >= 0) {
                    return;
                }
            }
            sleepPumping(20);
        }
        throw new IllegalStateException("channel " + channelId + " is not on air after " + seconds + " s");
    }

    /** Waits for a restart (format change) to finish: the format applied and the channel on air. */
    private void awaitRestartedOnAir(String channelId, String format) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            VideoBackend b = backendOrNull(channelId);
            if (b != null && b.status().format() != null && format.equals(b.status().format().name())) {
                break;
            }
            sleepPumping(20);
        }
        awaitOnAir(channelId, 30);
    }

    private void awaitState(String channelId, BackendState state, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (backend(channelId).state() != state) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("channel " + channelId + " did not reach " + state + " within "
                        + seconds + " s (it is " + backend(channelId).state() + ")");
            }
            sleepPumping(20);
        }
    }

    private Configuration channelConfig(String channelId) throws Exception {
        Configuration[] found = cm.listConfigurations("(&(service.factoryPid=" + CHANNEL_PID + ")(channel.id="
                + channelId + "))");
        if (found == null || found.length == 0) {
            throw new IllegalStateException("no " + CHANNEL_PID + " configuration with channel.id=" + channelId);
        }
        return found[0];
    }

    private void setChannel(String channelId, String key, String value) {
        try {
            Configuration c = channelConfig(channelId);
            Dictionary<String, Object> p = c.getProperties();
            p.put(key, value);
            c.update(p);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set " + key + "=" + value + " on channel " + channelId + ": " + e,
                    e);
        }
    }

    private void setClock(String key, String value) throws IOException {
        Configuration c = cm.getConfiguration(CLOCK_PID, "?");
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        p.put(key, value);
        c.update(p);
    }

    private void addChannel(String id) throws Exception {
        Dictionary<String, Object> p = channelConfig(MAIN).getProperties();
        p.remove("service.pid");
        p.remove("service.factoryPid");
        p.remove("felix.fileinstall.filename");
        p.put("channel.id", id);
        cm.getFactoryConfiguration(CHANNEL_PID, id, "?").update(p);
    }

    private void removeChannel(String id) {
        try {
            cm.getFactoryConfiguration(CHANNEL_PID, id, "?").delete();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Benchmark: could not remove channel {}: {}", id, e.toString());
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalStateException("bundle " + bsn + " is not installed");
    }

    /** The bundle's content as a jar, rebuilt from its entries (an exported jar has no file to update from). */
    static byte[] bundleBytes(Bundle b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        URL mf = b.getEntry("META-INF/MANIFEST.MF");
        Manifest manifest;
        try (InputStream in = mf.openStream()) {
            manifest = new Manifest(in);
        }
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            Enumeration<URL> entries = b.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL u = entries.nextElement();
                String path = u.getPath().startsWith("/") ? u.getPath().substring(1) : u.getPath();
                if (path.isEmpty() || path.equals("META-INF/MANIFEST.MF") || path.equals("META-INF/")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(path));
                if (!path.endsWith("/")) {
                    try (InputStream in = u.openStream()) {
                        in.transferTo(jar);
                    }
                }
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
