package org.genlock.device.clock.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.Rational;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.audio.Ffmpeg;
import org.genlock.itest.support.channel.HashLog;
import org.genlock.itest.support.log.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The clock device bundle in a real framework with SCR and ConfigAdmin, driven only through
 * the device API and its configuration: service registration, paced playback verified frame by
 * frame through the hash log, the JPEG snapshot, rejected configuration, a change of device
 * id, and the bundle stopping under a playing session.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ClockDeviceTest {

    static final String PID = "genlock.device.clock";
    static final String BSN = "genlock.device.clock";
    static final String ID_PROPERTY = "genlock.device.id";
    static final String APPLIED = PID + ": configuration applied";
    static final String REJECTED = "the previous configuration stays in force";
    static final VideoFormat HD50 = VideoFormat.parse("720p50");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path OUT = Path.of("target", "device-itest").toAbsolutePath();
    static final String SNAPSHOT_FAILED = "cannot write the snapshot";
    static final String SNAPSHOT_RECOVERED = "snapshot written again";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    LogWatch log;
    final List<OutputSession> sessions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        log = new LogWatch();
        Files.createDirectories(OUT);
        deviceBundle().start(); // a failed test may have left it stopped
        configure(Map.of()); // sink discard, no snapshot, id clock
        awaitDevice("clock");
        warmUp();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (OutputSession s : sessions) {
                s.close();
            }
            deviceBundle().start();
        } finally {
            log.close();
        }
    }

    @Test
    void serviceIsRegisteredAsClockAndLists720p50(
            @InjectService(filter = "(genlock.device.id=clock)", timeout = 20_000) VideoOutputDevice device)
            throws Exception {
        ServiceReference<VideoOutputDevice> ref = awaitDevice("clock");
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo(BSN);
        DeviceInfo info = device.info();
        assertThat(info.id()).isEqualTo("clock");
        assertThat(info.maxBufferedFrames()).isGreaterThanOrEqualTo(Player.PREROLL + 1);
        assertThat(HD50.width()).isEqualTo(1280);
        assertThat(HD50.height()).isEqualTo(720);
        assertThat(HD50.frameRate()).isEqualTo(Rational.of(50));
        assertThat(info.supportedFormats()).contains(HD50);
        assertThat(info.supports(HD50)).isTrue();

        OutputSession session = track(device.open(HD50, new Player(HD50)));
        assertThat(session.format()).isEqualTo(HD50);
        assertThat(session.displayIndexNow()).as("not playing").isEqualTo(-1);
        session.close();

        VideoFormat uyvy = VideoFormat.parse("720p50", PixelFormat.UYVY8);
        assertThat(info.supports(uyvy)).isFalse();
        assertThatThrownBy(() -> device.open(uyvy, new Player(uyvy))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("720p50");
    }

    @Test
    void playsScheduledFramesInOrderAndTheHashLogShowsExactlyWhatAired() throws Exception {
        Path hashlog = fresh("play.hashlog");
        configure(Map.of("sink", "hashlog", "sink.path", hashlog.toString()));

        Player player = play(device("clock"), Duration.ofSeconds(2));

        player.assertEveryScheduledFrameCompletedOnceInOrder();
        player.reportLateAndDropped("2 s of 720p50 with the hash log");
        assertThat(player.playbackStoppedCalls.get()).isEqualTo(1);
        assertStopFlushedTheRest(player);
        List<Long> aired = assertHashLogMatches(player, hashlog);
        assertAiredAtFrameRate(aired.size(), player.elapsedSeconds());
    }

    @Test
    void aStereoSessionWritesEachAiredFramesAudioToTheWavAndItsHashToTheLog() throws Exception {
        Path hashlog = fresh("stereo.hashlog");
        Path wav = fresh("stereo.wav");
        configure(Map.of("sink", "hashlog", "sink.path", hashlog.toString(), "wav.path", wav.toString()));

        Player player = new Player(HD50, 2);
        OutputSession session = track(player.open(device("clock")));
        assertThat(session.audioChannels()).as("audio channels the session carries").isEqualTo(2);
        player.start();
        Thread.sleep(2_000);
        player.stop();
        session.close();

        player.assertEveryScheduledFrameCompletedOnceInOrder();
        List<Long> aired = assertHashLogMatches(player, hashlog); // the audio column too
        assertThat(aired.size()).as("frames aired in 2 s").isGreaterThan(20);
        assertThat(HashLog.read(hashlog).stream().map(HashLog.Line::audio).distinct().count())
                .as("distinct audio hashes: every frame's audio differs").isEqualTo(aired.size());

        Map<String, String> stream = Ffmpeg.probeStream(wav);
        long samples = aired.size() * 960L; // 48 kHz at 50p
        assertThat(stream).as("ffprobe of %s", wav)
                .containsEntry("codec_name", "pcm_s32le")
                .containsEntry("sample_fmt", "s32")
                .containsEntry("bits_per_sample", "32")
                .containsEntry("channels", "2")
                .containsEntry("channel_layout", "stereo")
                .containsEntry("sample_rate", "48000")
                .containsEntry("duration_ts", Long.toString(samples));
        assertThat(Double.parseDouble(stream.get("duration"))).as("duration in s")
                .isCloseTo(samples / 48_000.0, org.assertj.core.data.Offset.offset(1e-6));

        // the WAV holds exactly the aired frames' audio, in display order, sample for sample
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (long index : aired) {
            expected.writeBytes(TestFrame.audioBytes(HD50, 2, index));
        }
        byte[] decoded = Ffmpeg.decodeS32le(wav);
        assertThat(decoded.length).as("bytes ffmpeg decodes").isEqualTo(expected.size());
        assertThat(decoded).as("the samples ffmpeg decodes").isEqualTo(expected.toByteArray());
    }

    @Test
    void aSessionRefusesAnAudioLayoutNoChannelHas() throws Exception {
        VideoOutputDevice device = device("clock");
        // a session opened by mistake is closed after the test, so it cannot take the next test's file names
        assertThatThrownBy(() -> track(device.open(HD50, 17, new Player(HD50)))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("17 audio channels").hasMessageContaining("0 (no audio) or 2 to 16");
        OutputSession none = track(device.open(HD50, new Player(HD50)));
        assertThat(none.audioChannels()).as("opened without audio").isZero();
        none.close();
    }

    @Test
    void snapshotIsAJpegOfAnAiredFrame() throws Exception {
        Path jpeg = fresh("snapshot.jpg");
        configure(Map.of("snapshot.path", jpeg.toString(), "snapshot.interval.ms", 200));

        Player player = new Player(HD50);
        track(player.open(device("clock")));
        player.start();
        awaitFile(jpeg);
        long first = airedIndexShownIn(jpeg, player);
        // 200 ms later a newer frame has been captured (interval 200 ms, 50 fps)
        long later = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (later == first && System.nanoTime() < deadline) {
            Thread.sleep(250);
            later = airedIndexShownIn(jpeg, player);
        }
        player.stop();
        player.session.close();

        assertThat(later).as("a newer snapshot within 5 s (first showed index %d)", first).isGreaterThan(first);
        player.assertEveryScheduledFrameCompletedOnceInOrder();
    }

    @Test
    void snapshotWriterRetriesAfterAWriteFailureAndLogsTheFailureAndTheRecoveryOnce() throws Exception {
        Path dir = OUT.resolve("snapshot-retry");
        deleteTree(dir);
        Path jpeg = dir.resolve("snap.jpg");
        configure(Map.of("snapshot.path", jpeg.toString(), "snapshot.interval.ms", 100));
        int failuresBefore = log.count(SNAPSHOT_FAILED);
        int recoveriesBefore = log.count(SNAPSHOT_RECOVERED);

        Player player = new Player(HD50);
        track(player.open(device("clock")));
        player.start();
        awaitFile(jpeg);

        // the directory replaced by a plain file: every write fails until it is a directory again
        replaceWithFile(dir);
        log.awaitMore(SNAPSHOT_FAILED, failuresBefore, WAIT);
        // at 100 ms a dozen more attempts fail meanwhile; one line says so, not one per attempt
        Thread.sleep(1200);
        assertThat(log.count(SNAPSHOT_FAILED) - failuresBefore).as("failure lines for one failing episode").isEqualTo(1);

        Files.delete(dir);
        awaitFile(jpeg);
        log.awaitMore(SNAPSHOT_RECOVERED, recoveriesBefore, WAIT);
        long index = airedIndexShownIn(jpeg, player);
        Thread.sleep(500);
        player.stop();
        player.session.close();

        assertThat(index).as("index shown after the recovery").isNotNegative();
        assertThat(log.count(SNAPSHOT_FAILED) - failuresBefore).as("failure lines").isEqualTo(1);
        assertThat(log.count(SNAPSHOT_RECOVERED) - recoveriesBefore).as("recovery lines").isEqualTo(1);
        player.assertEveryScheduledFrameCompletedOnceInOrder();
    }

    @Test
    void badConfigurationIsRejectedAndThePreviousSettingsStayInForce() throws Exception {
        Path good = fresh("good.hashlog");
        Path bad = fresh("bad.hashlog");
        configure(Map.of("sink", "hashlog", "sink.path", good.toString()));
        ServiceReference<VideoOutputDevice> before = awaitDevice("clock");

        Player player = new Player(HD50);
        track(player.open(context.getService(before)));
        player.start();
        Thread.sleep(400);
        String text = configureRejected(Map.of("sink", "hashlog", "sink.path", bad.toString(), "mode", "warp"));
        assertThat(text).contains("'mode'").contains("'warp'");
        text = configureRejected(Map.of("sink", "hashlog", "sink.path", bad.toString(), "spin.micros", "lots"));
        assertThat(text).contains("'spin.micros'").contains("'lots'");
        Thread.sleep(400);
        player.stop();
        player.session.close();

        assertThat(bad).as("sink file of the rejected configuration").doesNotExist();
        player.assertEveryScheduledFrameCompletedOnceInOrder();
        assertHashLogMatches(player, good);
        player.assertMostlyAired();
        ServiceReference<VideoOutputDevice> after = awaitDevice("clock");
        assertThat(after.getProperty(Constants.SERVICE_ID)).as("same service")
                .isEqualTo(before.getProperty(Constants.SERVICE_ID));

        // a session opened after the rejection still gets the previous settings (paced, hash log)
        Player again = play(context.getService(after), Duration.ofMillis(600));
        again.assertEveryScheduledFrameCompletedOnceInOrder();
        List<Long> aired = assertHashLogMatches(again, good);
        assertAiredAtFrameRate(aired.size(), again.elapsedSeconds());
        assertThat(bad).doesNotExist();
    }

    @Test
    void changingTheIdReregistersTheServiceAndAnOpenSessionKeepsPlaying() throws Exception {
        ServiceReference<VideoOutputDevice> clock = awaitDevice("clock");
        Player player = new Player(HD50);
        OutputSession session = track(player.open(context.getService(clock)));
        player.start();
        player.awaitCompletions(10, WAIT);

        configure(Map.of("id", "clock-b"));
        ServiceReference<VideoOutputDevice> renamed = awaitDevice("clock-b");
        awaitNoDevice("clock");
        assertThat(renamed.getProperty(Constants.SERVICE_ID)).isNotEqualTo(clock.getProperty(Constants.SERVICE_ID));
        assertThat(context.getService(renamed).info().id()).isEqualTo("clock-b");

        int atChange = player.completions.size();
        long indexAtChange = session.displayIndexNow();
        Thread.sleep(600);
        assertThat(session.displayIndexNow()).as("device clock after the change").isGreaterThan(indexAtChange + 20);
        // completions keep coming (bounded wait: a loaded machine may delay the device thread)
        player.awaitCompletions(atChange + 20, WAIT);
        player.stop();
        session.close();
        player.assertEveryScheduledFrameCompletedOnceInOrder();
        player.assertMostlyAired();
    }

    @Test
    void stoppingTheBundleFlushesEveryHeldFrameAndStartingRegistersTheDeviceAgain() throws Exception {
        ServiceReference<VideoOutputDevice> ref = awaitDevice("clock");
        Bundle bundle = ref.getBundle();
        Player player = new Player(HD50);
        OutputSession session = track(player.open(context.getService(ref)));
        player.start();
        player.awaitCompletions(10, WAIT);

        bundle.stop();
        awaitNoDevice("clock");
        assertThat(player.stopped.await(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("playbackStopped after the bundle stopped").isTrue();
        player.halt();

        player.assertEveryScheduledFrameCompletedOnceInOrder();
        assertStopFlushedTheRest(player);
        assertThat(session.bufferedFrameCount()).isZero();
        TestFrame spare = new TestFrame(99, HD50, session.allocator().allocate(HD50, HD50.rowBytes()));
        spare.fill(1_000);
        assertThat(session.schedule(spare, 1_000)).as("schedule after the device stopped").isFalse();
        Set<String> threads = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            threads.add(t.getName());
        }
        String thread = player.completions().get(0).thread();
        assertThat(threads).as("threads once the bundle stopped").doesNotContain(thread);
        session.close(); // idempotent

        bundle.start();
        VideoOutputDevice device = device("clock");
        Player next = play(device, Duration.ofMillis(400));
        next.assertEveryScheduledFrameCompletedOnceInOrder();
    }

    // ---------------------------------------------------------------- helpers

    private static boolean warm;

    /**
     * Plays one second with the hash log once per framework, so the first measured session
     * does not count the JIT compiling the device's copy and SHA-256 code (and the test's fill)
     * as late frames.
     */
    void warmUp() throws Exception {
        if (warm) {
            return;
        }
        configure(Map.of("sink", "hashlog", "sink.path", fresh("warm-up.hashlog").toString()));
        play(device("clock"), Duration.ofSeconds(1));
        configure(Map.of());
        warm = true;
    }

    /** Opens a session, plays for {@code length}, stops and closes it. */
    Player play(VideoOutputDevice device, Duration length) throws Exception {
        Player player = new Player(HD50);
        track(player.open(device));
        player.start();
        Thread.sleep(length.toMillis());
        player.stop();
        player.session.close();
        return player;
    }

    OutputSession track(OutputSession s) {
        sessions.add(s);
        return s;
    }

    /**
     * Stopping reports the frame on air and every buffered frame FLUSHED: at least one, all
     * after every frame that completed otherwise.
     */
    static void assertStopFlushedTheRest(Player player) {
        Map<CompletionResult, List<Long>> r = player.byResult();
        List<Long> flushed = r.get(CompletionResult.FLUSHED);
        assertThat(flushed).as("FLUSHED at stop").isNotEmpty();
        List<Long> others = new ArrayList<>(player.scheduled.keySet());
        others.removeAll(flushed);
        long lastOther = others.stream().mapToLong(Long::longValue).max().orElse(-1);
        assertThat(flushed.get(0)).as("first FLUSHED index after the last otherwise completed one").isGreaterThan(lastOther);
        assertThat(flushed.size()).as("FLUSHED: the frame on air and the buffered ones")
                .isLessThanOrEqualTo(Player.POOL);
    }

    /**
     * The hash log lists display indices from 0 upwards, gaps only where a frame was DROPPED,
     * each with the SHA-256 of what the test wrote for that index (pixels, and audio or '-'
     * without); every frame reported as aired
     * is in it, plus at most the frame that was on air when playback stopped (reported FLUSHED).
     *
     * @return the logged indices
     */
    static List<Long> assertHashLogMatches(Player player, Path hashlog) throws IOException {
        List<String> text = Files.readAllLines(hashlog);
        List<HashLog.Line> lines = HashLog.read(hashlog);
        assertThat(lines).as("hash log lines").isNotEmpty();
        assertThat(lines).as("complete hash log lines (the device flushed at stop)").hasSameSizeAs(text);
        Map<CompletionResult, List<Long>> r = player.byResult();
        Set<Long> dropped = Set.copyOf(r.get(CompletionResult.DROPPED));
        List<Long> indices = new ArrayList<>();
        Map<String, String> hashCache = new HashMap<>();
        long expected = 0;
        for (HashLog.Line line : lines) {
            long index = line.index();
            while (expected < index) {
                assertThat(dropped).as("index %d missing from the hash log, so it must have been DROPPED", expected)
                        .contains(expected);
                expected++;
            }
            assertThat(index).as("hash log index").isEqualTo(expected);
            assertThat(line.picture()).as("SHA-256 of display index %d", index)
                    .isEqualTo(hashCache.computeIfAbsent(Long.toString(index), k -> TestFrame.sha256(player.format, index)));
            assertThat(line.audio()).as("audio SHA-256 of display index %d", index).isEqualTo(player.audioChannels == 0
                    ? "-"
                    : TestFrame.audioSha256(player.format, player.audioChannels, index));
            indices.add(index);
            expected++;
        }
        List<Long> airedReported = new ArrayList<>(r.get(CompletionResult.COMPLETED));
        airedReported.addAll(r.get(CompletionResult.DISPLAYED_LATE));
        assertThat(indices).as("logged indices").containsAll(airedReported);
        assertThat(indices).as("logged indices").noneMatch(dropped::contains);
        List<Long> extra = new ArrayList<>(indices);
        extra.removeAll(airedReported);
        List<Long> flushed = r.get(CompletionResult.FLUSHED);
        assertThat(extra).as("logged but not reported aired: only the frame on air at stop")
                .hasSizeLessThanOrEqualTo(1);
        if (!extra.isEmpty()) {
            assertThat(extra.get(0)).isEqualTo(flushed.get(0));
        }
        return indices;
    }

    /**
     * Paced: never faster than 50 fps (10 % and a frame of tolerance for measuring), which no
     * load can change; and, as a sanity bound, at least half of that (a loaded machine delays
     * the device and the test's filler, which the count reports).
     */
    static void assertAiredAtFrameRate(int aired, double seconds) {
        double expected = seconds * 50;
        System.out.printf("aired %d frames in %.3f s (%.0f %% of 50 fps)%n", aired, seconds, 100 * aired / expected);
        assertThat((double) aired).as("frames aired in %.3f s at 50 fps", seconds)
                .isBetween(expected * 0.5, expected * 1.1 + 1);
    }

    /** Decodes the snapshot and returns the aired display index whose colour it shows. */
    static long airedIndexShownIn(Path jpeg, Player player) throws IOException {
        BufferedImage image = ImageIO.read(jpeg.toFile());
        assertThat(image).as("decodable JPEG %s", jpeg).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(720);
        int[][] points = {{0, 0}, {640, 360}, {1279, 719}, {17, 700}, {1200, 33}};
        int centre = image.getRGB(640, 360);
        for (int[] p : points) {
            assertThat(close(image.getRGB(p[0], p[1]), centre)).as("uniform colour at %d,%d", p[0], p[1]).isTrue();
        }
        List<Long> candidates = new ArrayList<>();
        for (long i : player.scheduled.keySet()) {
            if (close(TestFrame.rgb(i), centre)) {
                candidates.add(i);
            }
        }
        if (candidates.size() != 1) {
            fail("snapshot colour %06x matches scheduled indices %s, expected exactly one", centre & 0xFFFFFF,
                    candidates);
        }
        return candidates.get(0);
    }

    /** Each channel within the JPEG error of 8. */
    static boolean close(int rgbA, int rgbB) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgbA >> shift) & 0xFF) - ((rgbB >> shift) & 0xFF)) > 8) {
                return false;
            }
        }
        return true;
    }

    /** A file under target/device-itest that does not exist yet. */
    static Path fresh(String name) throws IOException {
        Path p = OUT.resolve(name);
        Files.deleteIfExists(p);
        return p;
    }

    /**
     * Replaces a directory the snapshot writer is writing into (every 100 ms, recreating it
     * when it is missing) with a plain file: moved away in one step, so the writer cannot add a
     * file while it is being deleted, then the file put in its place; again if the writer
     * recreated the directory in between.
     */
    static void replaceWithFile(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int n = 0; !Files.isRegularFile(dir); n++) {
            if (System.nanoTime() > deadline) {
                fail("%s could not be replaced by a file within %s", dir, WAIT);
            }
            if (Files.isDirectory(dir)) {
                Path gone = dir.resolveSibling(dir.getFileName() + ".gone-" + n);
                Files.move(dir, gone, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                try {
                    deleteTree(gone);
                } catch (IOException e) {
                    // a write that was under way lands in the moved directory: left in target/
                }
            }
            try {
                Files.writeString(dir, "not a directory", java.nio.file.StandardOpenOption.CREATE_NEW);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Thread.sleep(5); // the writer made the directory again first: once more
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var files = Files.list(p)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    deleteTree(f);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    static void awaitFile(Path p) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.isRegularFile(p)) {
            if (System.nanoTime() > deadline) {
                fail("%s not written within %s", p, WAIT);
            }
            Thread.sleep(20);
        }
    }

    /** Replaces the whole configuration (keys not given take their defaults) and waits until the device applied it. */
    void configure(Map<String, Object> values) throws Exception {
        int before = log.count(APPLIED);
        update(values);
        log.awaitMore(APPLIED, before, WAIT);
    }

    /** Updates with a bad configuration; returns the device's rejection log line. */
    String configureRejected(Map<String, Object> values) throws Exception {
        int before = log.count(REJECTED);
        int applied = log.count(APPLIED);
        update(values);
        String text = log.awaitMore(REJECTED, before, WAIT);
        assertThat(log.count(APPLIED)).as("no configuration applied").isEqualTo(applied);
        String[] lines = text.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].contains(REJECTED)) {
                return lines[i];
            }
        }
        return text;
    }

    private void update(Map<String, Object> values) throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("sink", "discard");
        props.put("snapshot.path", ""); // off: the default would write under the working directory
        props.putAll(values);
        Configuration c = configAdmin.getConfiguration(PID, "?");
        c.update(props);
    }

    Bundle deviceBundle() {
        for (Bundle b : context.getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return fail("bundle %s not installed", BSN);
    }

    VideoOutputDevice device(String id) throws InterruptedException {
        return context.getService(awaitDevice(id));
    }

    ServiceReference<VideoOutputDevice> awaitDevice(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Collection<ServiceReference<VideoOutputDevice>> refs = devices(id);
            if (refs.size() == 1) {
                return refs.iterator().next();
            }
            if (refs.size() > 1) {
                fail("%d devices with %s=%s", refs.size(), ID_PROPERTY, id);
            }
            if (System.nanoTime() > deadline) {
                fail("no VideoOutputDevice with %s=%s within %s", ID_PROPERTY, id, WAIT);
            }
            Thread.sleep(20);
        }
    }

    void awaitNoDevice(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!devices(id).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("VideoOutputDevice with %s=%s still registered after %s", ID_PROPERTY, id, WAIT);
            }
            Thread.sleep(20);
        }
    }

    Collection<ServiceReference<VideoOutputDevice>> devices(String id) {
        try {
            return context.getServiceReferences(VideoOutputDevice.class, "(" + ID_PROPERTY + "=" + id + ")");
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
