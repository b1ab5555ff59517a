package org.genlock.device.clock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class ClockDeviceTest {

    @Test
    void infoDescribesAVirtualKeyingDeviceWithCommonFormats() {
        DeviceInfo info = new ClockDevice().info();
        assertEquals("clock", info.id());
        assertEquals("Clock (virtual)", info.name());
        assertTrue(info.keying());
        assertFalse(info.genlockInput());
        assertEquals(16, info.maxBufferedFrames());
        assertTrue(info.supports(VideoFormat.parse("1080p50")));
        assertTrue(info.supports(VideoFormat.parse("1080i5994")));
        assertTrue(info.supports(VideoFormat.parse("2160p5994")));
        assertTrue(info.supports(VideoFormat.parse("720p5994")));
        assertFalse(info.supports(VideoFormat.parse("1080p50", PixelFormat.UYVY8)));
    }

    @Test
    void openRefusesAnUnsupportedFormatNamingIt() {
        ClockDevice device = new ClockDevice();
        DeviceException e = assertThrows(DeviceException.class,
                () -> device.open(VideoFormat.parse("1080p50", PixelFormat.V210), new RecordingListener()));
        assertTrue(e.getMessage().contains("V210") && e.getMessage().contains("1080p50"), e.getMessage());
    }

    @Test
    void badValuesAreRejectedNamingPidKeyAndValue() {
        assertRejected(ClockSettings.KEY_MAX_BUFFERED, 0, "1 to 1024");
        assertRejected(ClockSettings.KEY_MAX_BUFFERED, "many", "integer");
        assertRejected(ClockSettings.KEY_MODE, "fast", "paced, unpaced");
        assertRejected(ClockSettings.KEY_SINK, "mp4", "discard, hashlog, raw, y4m");
        assertRejected(ClockSettings.KEY_SNAPSHOT_INTERVAL, 50, "100 to 3600000");
        assertRejected(ClockSettings.KEY_SPIN, -1, "0 to 10000");
        assertRejected(ClockSettings.KEY_ID, "a b", "letters, digits");
        assertRejected(ClockSettings.KEY_ID, " ", "non-empty");
        assertRejected(ClockSettings.KEY_DROP_EVERY, "2.5", "integer");
        assertRejected(ClockSettings.KEY_SINK_PATH, "out/", "not a directory");
        assertRejected(ClockSettings.KEY_WAV_PATH, "out/", "not a directory");
    }

    @Test
    void theWavFileMustNotBeTheSinkFile() {
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> ClockSettings.parse(Map.of(ClockSettings.KEY_SINK,
                "raw", ClockSettings.KEY_SINK_PATH, "out/a.bin", ClockSettings.KEY_WAV_PATH, "out/a.bin")));
        assertTrue(e.getMessage().contains("'wav.path'") && e.getMessage().contains("other than sink.path"),
                e.getMessage());
        ClockSettings s = ClockSettings.parse(Map.of(ClockSettings.KEY_WAV_PATH, "/tmp/{id}-{session}.wav"));
        assertEquals(Path.of("/tmp/clock-2.wav"), s.wavFile(2));
        assertNull(ClockSettings.DEFAULTS.wavFile(1), "no WAV unless wav.path is set");
    }

    @Test
    void opensWithEveryChannelAudioLayoutAndRefusesOthersNamingTheAllowedCounts() throws Exception {
        ClockDevice device = Fixture.device();
        for (int channels : new int[] {0, 2, 3, 6, 8, 12, 16}) {
            ClockSession session = Fixture.open(device, Fixture.FPS100, channels, new RecordingListener());
            assertEquals(channels, session.audioChannels());
            session.close();
        }
        ClockSession plain = Fixture.open(device, Fixture.FPS100, new RecordingListener());
        assertEquals(0, plain.audioChannels(), "the open without audio carries none");
        plain.close();
        for (int channels : new int[] {1, 17, -2}) {
            DeviceException e = assertThrows(DeviceException.class,
                    () -> device.open(Fixture.FPS100, channels, new RecordingListener()));
            assertTrue(e.getMessage().contains(channels + " audio channels")
                    && e.getMessage().contains("0 (no audio) or 2 to 16"), e.getMessage());
        }
    }

    private static void assertRejected(String key, Object value, String allowed) {
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> ClockSettings.parse(Map.of(key, value)));
        String m = e.getMessage();
        assertTrue(m.startsWith("genlock.device.clock: key '" + key + "' = '" + value + "'"), m);
        assertTrue(m.contains(allowed), m);
    }

    @Test
    void rejectedConfigurationKeepsThePreviousSettings() {
        ClockDevice device = new ClockDevice();
        assertTrue(device.apply(Map.of(ClockSettings.KEY_ID, "studio-a", ClockSettings.KEY_SINK, "hashlog",
                ClockSettings.KEY_MAX_BUFFERED, "8"), true));
        ClockSettings good = device.settings();
        assertEquals("studio-a", device.info().id());
        assertEquals(8, device.info().maxBufferedFrames());
        assertFalse(device.apply(Map.of(ClockSettings.KEY_ID, "studio-b", ClockSettings.KEY_MODE, "warp"), false));
        assertSame(good, device.settings());
        assertEquals("studio-a", device.info().id());
    }

    @Test
    void badConfigurationAtActivationRunsOnTheDefaults() {
        ClockDevice device = new ClockDevice();
        device.activate(null, Map.of(ClockSettings.KEY_SPIN, "lots"));
        assertEquals(ClockSettings.DEFAULTS, device.settings());
        assertEquals("clock", device.info().id());
    }

    @Test
    void deactivationClosesOpenSessionsAndFlushesTheirFrames() throws Exception {
        ClockDevice device = Fixture.device();
        RecordingListener idle = new RecordingListener();
        RecordingListener playing = new RecordingListener();
        ClockSession a = Fixture.open(device, Fixture.FPS100, idle);
        ClockSession b = Fixture.open(device, Fixture.FPS100, playing);
        TestFrame[] frames = Fixture.frames(3, Fixture.FPS100);
        assertTrue(a.schedule(frames[0], 0));
        assertTrue(b.schedule(frames[1], 0));
        assertTrue(b.schedule(frames[2], 1_000)); // still buffered when the device goes away
        b.startScheduledPlayback(0);
        playing.await(() -> b.displayIndexNow() > 2, "playback running");

        device.deactivate();

        assertEquals(CompletionResult.FLUSHED, idle.resultOf(0));
        assertEquals(CompletionResult.FLUSHED, playing.resultOf(1_000));
        assertEquals(2, playing.completions().size());
        assertEquals(1, playing.stops());
        assertFalse(b.schedule(frames[2], 2_000), "a closed session refuses frames");
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(a.name()) || t.getName().equals(b.name())), "pacing threads ended");
    }

    @Test
    void textAndNumberValuesAndDefaults() {
        Map<String, Object> props = new HashMap<>();
        props.put(ClockSettings.KEY_MODE, "UNPACED");
        props.put(ClockSettings.KEY_SINK, " y4m ");
        props.put(ClockSettings.KEY_LATE_EVERY, 7L);
        props.put(ClockSettings.KEY_SNAPSHOT_INTERVAL, " 250 ");
        ClockSettings s = ClockSettings.parse(props);
        assertEquals(ClockSettings.Mode.UNPACED, s.mode());
        assertEquals(ClockSettings.SinkKind.Y4M, s.sink());
        assertEquals(7, s.lateEvery());
        assertEquals(250, s.snapshotIntervalMs());
        assertEquals(16, s.maxBufferedFrames());
        assertEquals(ClockSettings.DEFAULTS, ClockSettings.parse(Map.of()));
    }

    @Test
    void outputFilesDefaultUnderDotGenlockAndDifferPerSession() {
        ClockSettings s = ClockSettings.parse(Map.of(ClockSettings.KEY_ID, "cam", ClockSettings.KEY_SINK, "hashlog"));
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(cwd.resolve(".genlock/output/cam.hashlog"), s.sinkFile(1));
        assertEquals(cwd.resolve(".genlock/output/cam-2.hashlog"), s.sinkFile(2));
        assertEquals(cwd.resolve(".genlock/output/cam-snapshot.jpg"), s.snapshotFile(1));
        assertEquals(cwd.resolve(".genlock/output/cam-snapshot-3.jpg"), s.snapshotFile(3));
        ClockSettings t = ClockSettings.parse(Map.of(ClockSettings.KEY_SINK, "raw", ClockSettings.KEY_SINK_PATH,
                "/tmp/{id}/s{session}.bgra", ClockSettings.KEY_SNAPSHOT_PATH, ""));
        assertEquals(Path.of("/tmp/clock/s2.bgra"), t.sinkFile(2));
        assertNull(t.snapshotFile(1), "empty snapshot.path turns snapshots off");
        assertNull(ClockSettings.DEFAULTS.sinkFile(1), "discard writes nothing");
    }
}
