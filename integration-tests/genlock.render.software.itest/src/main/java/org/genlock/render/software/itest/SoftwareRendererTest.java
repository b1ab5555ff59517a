package org.genlock.render.software.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.genlock.itest.support.render.Pixels.hex;
import static org.genlock.itest.support.render.Pixels.over;
import static org.genlock.itest.support.render.Pixels.scale;

import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.render.RendererInfo;
import org.genlock.api.render.RendererKind;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.log.LogWatch;
import org.genlock.itest.support.render.Completion;
import org.genlock.itest.support.render.Pixels;
import org.genlock.itest.support.render.TestFrame;
import org.genlock.itest.support.render.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The software renderer in a real framework with the real bars and timecode shaders, through
 * the API only: what it registers, what it renders for a program (layer order, opacity,
 * enabled), how it reports frames, live shader swaps, its own bundle stopping mid-render, and
 * its configuration (thread count does not change a single byte; bad values are rejected
 * without losing the service).
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class SoftwareRendererTest {

    static final String PID = "genlock.render.software";
    static final String FILTER = "(genlock.renderer.id=software)";
    static final VideoFormat F720 = VideoFormat.parse("720p50");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final List<String> BUNDLES = List.of("genlock.render.software", "genlock.shader.bars",
            "genlock.shader.timecode");

    // Documented colours (README of genlock.shader.bars / genlock.shader.timecode)
    static final int GREY_40 = 0xFF666666;
    static final int WHITE_100 = 0xFFFFFFFF;
    static final int BLACK = 0xFF000000;
    static final int BOX = 0x99000000;

    static final Layer BARS = new Layer("bars", Map.of());
    static final Layer TIMECODE = new Layer("timecode", Map.of());
    static final Program BARS_ONLY = Program.of(BARS);
    static final Program BARS_TIMECODE = Program.of(BARS, TIMECODE);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    @InjectService(filter = FILTER, timeout = 20_000)
    ServiceAware<Renderer> renderers;

    final List<RenderSession> sessions = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (RenderSession s : sessions) {
            s.close();
        }
        configAdmin.getConfiguration(PID, "?").delete();
        for (String name : BUNDLES) { // a failed test must not leave the next one without its bundles
            Bundle b = bundle(name);
            if (b.getState() != Bundle.ACTIVE) {
                b.start();
            }
        }
    }

    @Test
    void registersTheCpuRendererWithItsId() throws Exception {
        ServiceReference<Renderer> ref = renderers.getServiceReference();
        assertThat(ref.getProperty("genlock.renderer.id")).isEqualTo("software");
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo("genlock.render.software");
        RendererInfo info = renderer().info();
        assertThat(info.id()).isEqualTo("software");
        assertThat(info.kind()).isEqualTo(RendererKind.CPU);
        assertThat(info.name()).isNotBlank();
        assertThat(info.version()).as("the version the Genlock page shows: the bundle's")
                .isEqualTo(ref.getBundle().getVersion().toString());

        assertThat(open().maxInFlight()).as("synchronous renderer").isEqualTo(1);
        assertThatThrownBy(() -> renderer().open(F720.withPixelFormat(PixelFormat.UYVY8)))
                .isInstanceOf(RenderException.class).hasMessageContaining("BGRA8").hasMessageContaining("UYVY8");
    }

    @Test
    void rendersBarsUnderTimecodeAndReportsTheDisplayIndex() throws Exception {
        Channel channel = new Channel(open());
        TestFrame frame = channel.render(BARS_TIMECODE, 4242);
        assertThat(channel.done.lastTarget).as("the lent frame is reported").isSameAs(frame);
        assertThat(channel.done.lastNanos).as("render time").isPositive();

        assertThat(Pixels.decodeStrip(frame)).as("strip of the top layer").isEqualTo(4242);
        assertThat(hex(frame.argb(4, 12))).as("bars' left pillar below the strip").isEqualTo(hex(GREY_40));
        // bottom-centre timecode box (position 7, u = 3: x 509..769, y 621..683) over 100 % white
        assertThat(hex(frame.argb(510, 622))).as("60 % black box over white").isEqualTo(hex(over(BOX, WHITE_100)));
        assertThat(hex(frame.argb(508, 622))).as("left of the box").isEqualTo(hex(WHITE_100));
        assertOpaque(frame);

        channel.render(BARS_TIMECODE, 4243);
        assertThat(Pixels.decodeStrip(frame)).as("next frame").isEqualTo(4243);
    }

    @Test
    void layerOrderDecidesWhatIsOnTop() throws Exception {
        Channel channel = new Channel(open());
        byte[] bars = channel.render(BARS_ONLY, 7).bytes();
        TestFrame frame = channel.render(Program.of(TIMECODE, BARS), 7);
        assertThat(hex(frame.argb(4, 4))).as("opaque bars over the strip").isEqualTo(hex(GREY_40));
        assertThat(Arrays.equals(frame.bytes(), bars)).as("timecode | bars == bars alone").isTrue();

        frame = channel.render(BARS_TIMECODE, 7);
        assertThat(hex(frame.argb(4, 4))).as("strip block 0 over the bars").isEqualTo(hex(WHITE_100));
        assertThat(hex(frame.argb(20, 4))).as("strip block 2 over the bars").isEqualTo(hex(BLACK));
    }

    @Test
    void opacityAndEnabledAreApplied() throws Exception {
        Channel channel = new Channel(open());
        TestFrame frame = channel.render(Program.of(BARS, new Layer("timecode", Map.of(), 0.5f, true)), 9);
        assertThat(hex(frame.argb(4, 4))).as("white block at 50 % over 40 % grey")
                .isEqualTo(hex(over(scale(WHITE_100, 0.5f), GREY_40)));
        assertThat(hex(frame.argb(20, 4))).as("black block at 50 % over 40 % grey")
                .isEqualTo(hex(over(scale(BLACK, 0.5f), GREY_40)));
        assertThat(hex(frame.argb(4, 12))).as("bars below the strip").isEqualTo(hex(GREY_40));

        frame = channel.render(Program.of(new Layer("bars", Map.of(), 0.25f, true)), 9);
        assertThat(hex(frame.argb(4, 12))).as("bars at 25 % over transparent black")
                .isEqualTo(hex(scale(GREY_40, 0.25f)));

        byte[] bars = channel.render(BARS_ONLY, 9).bytes();
        frame = channel.render(Program.of(BARS, new Layer("timecode", Map.of(), 1f, false)), 9);
        assertThat(Arrays.equals(frame.bytes(), bars)).as("a disabled layer is not drawn").isTrue();

        frame = channel.render(Program.EMPTY, 9);
        assertThat(frame.argb(0, 0) | frame.argb(1279, 719) | frame.argb(640, 360)).as("empty program")
                .isZero();
    }

    @Test
    void layerOfAStoppedShaderBundleIsSkippedAndIsBackWhenTheBundleStarts() throws Exception {
        Channel channel = new Channel(open());
        byte[] barsAt101 = channel.render(BARS_ONLY, 101).bytes();
        TestFrame frame = channel.render(BARS_TIMECODE, 100);
        assertThat(Pixels.decodeStrip(frame)).isEqualTo(100);

        Bundle timecode = bundle("genlock.shader.timecode");
        try (LogWatch log = new LogWatch()) {
            timecode.stop();
            frame = channel.render(BARS_TIMECODE, 101); // same program generation: a shader swap
            assertThat(Arrays.equals(frame.bytes(), barsAt101)).as("the timecode layer is skipped").isTrue();
            assertThat(log.text()).as("renderer reports the missing shader")
                    .contains("Shader timecode is not available");
            channel.render(BARS_TIMECODE, 102);
            assertThat(log.count("Shader timecode is not available")).as("reported once, not per frame")
                    .isEqualTo(1);
        }

        timecode.start();
        assertThat(awaitShader("timecode")).as("timecode shader back").isNotNull();
        frame = channel.render(BARS_TIMECODE, 103);
        assertThat(Pixels.decodeStrip(frame)).as("the next frame has the timecode layer again").isEqualTo(103);
    }

    @Test
    void stoppingTheRendererBundleWhileRenderingUnregistersCleanly() throws Exception {
        try (LogWatch log = new LogWatch()) {
            configure(Map.of("threads", 3));
            awaitSessionThreads(log, 3);
        }
        RenderSession session = open();
        assertThat(workerThreads()).as("worker threads of a 3-thread session").isNotEmpty();

        Completion done = new Completion();
        AtomicLong calls = new AtomicLong();
        AtomicLong wrongFrames = new AtomicLong();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        AtomicBoolean run = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            TestRequest request = new TestRequest(F720).program(BARS_TIMECODE);
            TestFrame frame = new TestFrame(F720);
            long index = 0;
            while (run.get()) {
                try {
                    long before = done.reports();
                    long rendered = done.rendered.get();
                    session.render(request.at(index), frame.scribble(), done);
                    calls.incrementAndGet();
                    if (done.reports() != before + 1) {
                        thrown.add(new AssertionError("frame " + index + " reported " + (done.reports() - before)
                                + " times during render"));
                    }
                    if (done.rendered.get() != rendered && Pixels.decodeStrip(frame) != index) {
                        wrongFrames.incrementAndGet();
                    }
                } catch (Throwable t) {
                    thrown.add(t);
                }
                index++;
            }
        }, "itest-producer");
        producer.start();
        try {
            await(() -> done.rendered.get() >= 20, "20 frames rendered");
            bundle("genlock.render.software").stop();
            assertThat(renderers.isEmpty()).as("renderer service unregistered").isTrue();
            long failedAtStop = done.failed.get();
            await(() -> done.failed.get() > failedAtStop + 5, "frames reported failed after the stop");
        } finally {
            run.set(false);
            producer.join(WAIT.toMillis());
        }
        assertThat(producer.isAlive()).as("producer stuck in render").isFalse();
        assertThat(thrown).as("render must not throw and reports each frame once").isEmpty();
        assertThat(done.reports()).as("every frame reported").isEqualTo(calls.get());
        assertThat(wrongFrames.get()).as("frames reported rendered hold their own index").isZero();
        assertThat(done.lastReason).as("reason after the stop").contains("closed");
        await(() -> workerThreads().isEmpty(), "worker threads ended");
        session.close(); // idempotent

        bundle("genlock.render.software").start();
        assertThat(renderers.waitForService(WAIT.toMillis())).as("renderer back after start").isNotNull();
        assertThat(Pixels.decodeStrip(new Channel(open()).render(BARS_TIMECODE, 5))).isEqualTo(5);
    }

    @Test
    void oneAndTwoThreadsRenderByteIdenticalFrames() throws Exception {
        Program program = Program.of(BARS, new Layer("timecode", Map.of("position", 4, "size", 2.0), 0.7f, true),
                new Layer("timecode", Map.of("position", 0, "strip", false), 0.9f, true));
        byte[][] frames = new byte[2][];
        try (LogWatch log = new LogWatch()) {
            for (int threads = 1; threads <= 2; threads++) {
                configure(Map.of("threads", threads, "band.height", 16));
                awaitSessionThreads(log, threads);
                Channel channel = new Channel(open());
                TestFrame frame = channel.render(program, 987_654_321L);
                assertThat(Pixels.decodeStrip(frame)).isEqualTo(987_654_321L);
                frames[threads - 1] = frame.bytes();
            }
        }
        assertThat(Arrays.equals(frames[0], frames[1])).as("threads=1 and threads=2 frames identical").isTrue();
    }

    @Test
    void badConfigurationIsRejectedAndTheServiceStays() throws Exception {
        try (LogWatch log = new LogWatch()) {
            configure(Map.of("threads", 3));
            awaitSessionThreads(log, 3);
            Object serviceId = renderers.getServiceReference().getProperty(Constants.SERVICE_ID);
            Renderer before = renderer();

            int errors = log.count("the previous configuration stays in force");
            configure(Map.of("threads", -1));
            String text = log.awaitMore("the previous configuration stays in force", errors, WAIT);
            assertThat(text).contains("genlock.render.software").contains("'threads'").contains("'-1'");

            // a good value next to a bad one is not applied either: the whole configuration is rejected
            errors = log.count("the previous configuration stays in force");
            configure(Map.of("threads", 1, "band.height", 8));
            text = log.awaitMore("the previous configuration stays in force", errors, WAIT);
            assertThat(text).contains("'band.height'").contains("'8'");

            assertThat(renderers.getServiceReference().getProperty(Constants.SERVICE_ID)).as("same service")
                    .isEqualTo(serviceId);
            assertThat(renderer()).as("same component instance").isSameAs(before);
            assertThat(sessionThreads(log)).as("previous threads stay in force").isEqualTo(3);
            assertThat(Pixels.decodeStrip(new Channel(open()).render(BARS_TIMECODE, 77))).isEqualTo(77);
        }
    }

    // ---------------------------------------------------------------------------------------

    /** One open session with the backend's reused request and completion. */
    final class Channel {
        final RenderSession session;
        final TestRequest request = new TestRequest(F720);
        final Completion done = new Completion();
        final TestFrame frame = new TestFrame(F720);

        Channel(RenderSession session) {
            this.session = session;
        }

        /** Renders one frame and checks it was reported rendered, once, for its index. */
        TestFrame render(Program program, long index) {
            long rendered = done.rendered.get();
            long failed = done.failed.get();
            session.render(request.program(program).at(index), frame.scribble(), done);
            assertThat(done.failed.get()).as("failed: %s", done.lastReason).isEqualTo(failed);
            assertThat(done.rendered.get()).as("reported rendered during render").isEqualTo(rendered + 1);
            assertThat(done.lastIndex).as("reported display index").isEqualTo(index);
            return frame;
        }
    }

    Renderer renderer() {
        Renderer r = renderers.getService();
        assertThat(r).as("software renderer service").isNotNull();
        return r;
    }

    RenderSession open() throws RenderException {
        RenderSession s = renderer().open(F720);
        sessions.add(s);
        return s;
    }

    /** Waits for the shader service with {@code id}; returns it or {@code null} after the timeout. */
    ShaderProvider awaitShader(String id) throws Exception {
        ServiceTracker<ShaderProvider, ShaderProvider> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + ShaderProvider.class.getName() + ")(genlock.shader.id=" + id
                        + "))"), null);
        tracker.open();
        try {
            return tracker.waitForService(WAIT.toMillis());
        } finally {
            tracker.close();
        }
    }

    Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return fail("bundle " + symbolicName + " not installed");
    }

    void configure(Map<String, Object> values) throws Exception {
        configAdmin.getConfiguration(PID, "?").update(new Hashtable<>(values));
    }

    private static final Pattern OPENED = Pattern.compile("render session for \\S+ opened: (\\d+) threads");

    /** Opens and closes a session and returns the thread count it logged. */
    int sessionThreads(LogWatch log) throws Exception {
        int before = log.count("opened: ");
        try (RenderSession s = renderer().open(F720)) {
            String text = log.awaitMore("opened: ", before, WAIT);
            Matcher m = OPENED.matcher(text);
            int threads = -1;
            while (m.find()) {
                threads = Integer.parseInt(m.group(1));
            }
            return threads;
        }
    }

    /** Waits until new sessions open with {@code threads} threads (ConfigAdmin delivers asynchronously). */
    void awaitSessionThreads(LogWatch log, int threads) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen;
        while ((seen = sessionThreads(log)) != threads) {
            if (System.nanoTime() > deadline) {
                fail("sessions still open with " + seen + " threads, not " + threads + ", after " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    static List<Thread> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("genlock-render-software-") && t.getName().contains("-worker-"))
                .toList();
    }

    static void assertOpaque(TestFrame frame) {
        for (int y = 0; y < 720; y++) {
            for (int x = 0; x < 1280; x++) {
                if (frame.argb(x, y) >>> 24 != 0xFF) {
                    fail("pixel (" + x + ", " + y + ") is " + hex(frame.argb(x, y)) + ", not opaque");
                }
            }
        }
    }

    interface Condition {
        boolean met() throws Exception;
    }

    static void await(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.met()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
