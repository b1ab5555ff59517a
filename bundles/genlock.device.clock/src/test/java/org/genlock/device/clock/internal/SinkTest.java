package org.genlock.device.clock.internal;

import static org.genlock.device.clock.internal.Fixture.FPS200;
import static org.genlock.device.clock.internal.Fixture.FPS50;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import javax.imageio.ImageIO;

import org.genlock.api.device.CompletionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkTest {

    @TempDir
    Path dir;

    /** Runs {@code frames} prerolled frames unpaced through a device with the given config, then closes. */
    private RecordingListener airAll(TestFrame[] frames, Object... config) throws Exception {
        Object[] all = Arrays.copyOf(config, config.length + 2);
        all[config.length] = ClockSettings.KEY_MODE;
        all[config.length + 1] = "unpaced";
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(all), FPS200, listener);
        for (TestFrame f : frames) {
            assertTrue(session.schedule(f, f.slot()));
        }
        session.startScheduledPlayback(0);
        listener.awaitCompletions(frames.length - 1);
        session.close();
        return listener;
    }

    @Test
    void hashLogHasOneLinePerAiredFrameWithItsSha256() throws Exception {
        Path log = dir.resolve("out/aired.hashlog");
        TestFrame[] frames = Fixture.frames(5, FPS200);
        airAll(frames, ClockSettings.KEY_SINK, "hashlog", ClockSettings.KEY_SINK_PATH, log.toString());
        List<String> expected = new ArrayList<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (TestFrame f : frames) {
            expected.add(f.slot() + " " + HexFormat.of().formatHex(sha.digest(f.bytes())) + " audio=-");
        }
        assertEquals(expected, Files.readAllLines(log, StandardCharsets.US_ASCII));
    }

    @Test
    void hashLogHasTheSha256OfEachFramesAudioInItsOwnColumn() throws Exception {
        Path log = dir.resolve("audio.hashlog");
        AudioFrame[] frames = AudioFrame.sequence(6, FPS50, 8);
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(ClockSettings.KEY_MODE, "unpaced", ClockSettings.KEY_SINK,
                "hashlog", ClockSettings.KEY_SINK_PATH, log.toString()), FPS50, 8, listener);
        for (AudioFrame f : frames) {
            assertTrue(session.schedule(f, f.slot()));
        }
        session.startScheduledPlayback(0);
        listener.awaitCompletions(frames.length - 1);
        session.close();
        List<String> expected = new ArrayList<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (AudioFrame f : frames) {
            byte[] audio = ((TestAudio) f.audio()).bytes();
            assertEquals(960 * 8 * 4, audio.length);
            expected.add(f.slot() + " " + HexFormat.of().formatHex(sha.digest(f.video().bytes())) + " audio="
                    + HexFormat.of().formatHex(sha.digest(audio)));
        }
        assertEquals(expected, Files.readAllLines(log, StandardCharsets.US_ASCII));
        assertEquals(0, frames[0].audio().samples().position(), "the slot's audio buffer keeps its position");
        assertEquals(frames[0].audio().samples().capacity(), frames[0].audio().samples().limit());
    }

    @Test
    void hashLogLineFormatting() {
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xAB;
        digest[31] = 0x01;
        byte[] audio = new byte[32];
        audio[0] = 0x7F;
        char[] line = new char[20 + 1 + 64 + 7 + 64 + 1];
        int n = HashLogSink.formatLine(9_876_543_210L, digest, null, line);
        String s = new String(line, 0, n);
        assertEquals("9876543210 ab" + "00".repeat(30) + "01 audio=-\n", s);
        assertEquals("0 " + "ab" + "00".repeat(30) + "01 audio=-\n",
                new String(line, 0, HashLogSink.formatLine(0, digest, null, line)));
        n = HashLogSink.formatLine(Long.MAX_VALUE, digest, audio, line); // the longest line fits
        assertEquals(Long.MAX_VALUE + " ab" + "00".repeat(30) + "01 audio=7f" + "00".repeat(31) + "\n",
                new String(line, 0, n));
    }

    @Test
    void rawSinkAppendsThePixelBytesOfEveryAiredFrame() throws Exception {
        Path raw = dir.resolve("aired.bgra");
        TestFrame[] frames = Fixture.frames(4, FPS200);
        airAll(frames, ClockSettings.KEY_SINK, "raw", ClockSettings.KEY_SINK_PATH, raw.toString());
        byte[] content = Files.readAllBytes(raw);
        int size = FPS200.frameBytes();
        assertEquals(4 * size, content.length);
        for (TestFrame f : frames) {
            assertArrayEquals(f.bytes(), Arrays.copyOfRange(content, f.slot() * size, (f.slot() + 1) * size));
        }
    }

    @Test
    void y4mHasTheHeaderOnceAndOneI420FramePerAiredFrame() throws Exception {
        Path y4m = dir.resolve("aired.y4m");
        TestFrame[] frames = {
            TestFrame.of(0, FPS200).fill(0xFFFFFFFF), TestFrame.of(1, FPS200).fill(0xFF000000),
            TestFrame.of(2, FPS200).fill(0xFF0000FF)
        };
        airAll(frames, ClockSettings.KEY_SINK, "y4m", ClockSettings.KEY_SINK_PATH, y4m.toString());
        byte[] content = Files.readAllBytes(y4m);
        String header = "YUV4MPEG2 W32 H18 F200:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n";
        assertEquals(header, new String(content, 0, header.length(), StandardCharsets.US_ASCII));
        int planes = 32 * 18 + 2 * 16 * 9;
        int frameSize = 6 + planes;
        assertEquals(header.length() + 3 * frameSize, content.length);
        for (int i = 0; i < 3; i++) {
            int at = header.length() + i * frameSize;
            assertEquals("FRAME\n", new String(content, at, 6, StandardCharsets.US_ASCII));
        }
        int y0 = header.length() + 6;
        assertEquals(235, content[y0] & 0xFF, "white is Y 235 in limited range");
        assertEquals(128, content[y0 + 32 * 18] & 0xFF, "white has neutral Cb");
        assertEquals(16, content[y0 + frameSize] & 0xFF, "black is Y 16");
        int blueCb = content[y0 + 2 * frameSize + 32 * 18] & 0xFF;
        int blueCr = content[y0 + 2 * frameSize + 32 * 18 + 16 * 9] & 0xFF;
        assertEquals(32, content[y0 + 2 * frameSize] & 0xFF, "BT.709 blue: Y 16 + 0.0722 * 219");
        assertEquals(240, blueCb, "BT.709 blue: Cb maximum");
        assertEquals(118, blueCr, "BT.709 blue: Cr 128 - 0.0458 * 224");
    }

    @Test
    void i420UsesBt709LimitedRangeAndAveragesChromaOverOddEdges() {
        // 3x1 raster red, red, blue: the blue pixel is alone in its chroma block
        byte[] bgra = { 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 0, (byte) 255, 0, 0, 0 };
        byte[] out = new byte[I420.planeBytes(3, 1)];
        assertEquals(3 + 2 + 2, out.length);
        I420.fromBgra(bgra, 12, 3, 1, out, 0);
        assertArrayEquals(new int[] { 63, 63, 32, 102, 240, 240, 118 },
                new int[] { out[0] & 0xFF, out[1] & 0xFF, out[2] & 0xFF, out[3] & 0xFF, out[4] & 0xFF,
                    out[5] & 0xFF, out[6] & 0xFF },
                "Y red, red, blue; Cb red pair, blue; Cr red pair, blue");
    }

    @Test
    void snapshotIsADecodableJpegOfTheAiredPicture() throws Exception {
        Path jpg = dir.resolve("snap/latest.jpg");
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(ClockSettings.KEY_SNAPSHOT_PATH, jpg.toString(),
                ClockSettings.KEY_SNAPSHOT_INTERVAL, 100), FPS50, listener);
        for (int i = 0; i < 5; i++) {
            assertTrue(session.schedule(TestFrame.of(i, FPS50).fill(0xFFFF0000), i));
        }
        session.startScheduledPlayback(0);
        listener.await(() -> Files.exists(jpg), "the snapshot file");
        session.close();
        BufferedImage image = ImageIO.read(jpg.toFile());
        assertNotNull(image, "decodable JPEG");
        assertEquals(32, image.getWidth());
        assertEquals(18, image.getHeight());
        int rgb = image.getRGB(16, 9);
        assertTrue(((rgb >> 16) & 0xFF) > 200 && ((rgb >> 8) & 0xFF) < 60 && (rgb & 0xFF) < 60,
                "red picture, got " + Integer.toHexString(rgb));
        assertFalse(Files.exists(dir.resolve("snap/latest.jpg.tmp")), "temporary file moved into place");
    }

    @Test
    void unwritableSinkIsSwitchedOffAndPlayoutContinues() throws Exception {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        TestFrame[] frames = Fixture.frames(6, FPS200);
        RecordingListener listener = airAll(frames, ClockSettings.KEY_SINK, "hashlog",
                ClockSettings.KEY_SINK_PATH, blocker.resolve("aired.hashlog").toString());
        assertEquals(6, listener.completions().size());
        assertEquals(5, listener.completions().stream().filter(c -> c.result() == CompletionResult.COMPLETED)
                .count(), "frames air although the sink file cannot be created");
    }
}
