package org.genlock.device.clock.internal;

import static org.genlock.device.clock.internal.Fixture.FPS50;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.genlock.api.frame.FrameBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAV sink and its header, read back by the real ffprobe and ffmpeg. */
class WavSinkTest {

    /** 960 samples per frame at 50p. */
    static final int SAMPLES = 960;

    @TempDir
    Path dir;

    @Test
    void headerOfASmallFileIsRiffWithAJunkChunkAndExtensiblePcm() {
        ByteBuffer b = ByteBuffer.allocate(WavHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        WavHeader.write(b, 2, 9_600);
        assertEquals("RIFF", tag(b, 0));
        assertEquals(96 + 9_600, b.getInt(4), "RIFF size: everything after the size field");
        assertEquals("WAVE", tag(b, 8));
        assertEquals("JUNK", tag(b, 12));
        assertEquals(28, b.getInt(16), "room for ds64");
        for (int i = 20; i < 48; i++) {
            assertEquals(0, b.get(i));
        }
        assertEquals("fmt ", tag(b, 48));
        assertEquals(40, b.getInt(52));
        assertEquals(0xFFFE, b.getShort(56) & 0xFFFF, "WAVE_FORMAT_EXTENSIBLE");
        assertEquals(2, b.getShort(58));
        assertEquals(48_000, b.getInt(60));
        assertEquals(48_000 * 8, b.getInt(64), "bytes per second");
        assertEquals(8, b.getShort(68), "block align");
        assertEquals(32, b.getShort(70), "container bits");
        assertEquals(22, b.getShort(72), "cbSize");
        assertEquals(WavHeader.VALID_BITS, b.getShort(74));
        assertEquals(0x3, b.getInt(76), "stereo mask");
        assertEquals(0x00000001, b.getInt(80), "KSDATAFORMAT_SUBTYPE_PCM");
        assertEquals(0x71, b.get(95) & 0xFF);
        assertEquals("data", tag(b, 96));
        assertEquals(9_600, b.getInt(100));
    }

    @Test
    void channelMasksFor51And71OnlyStereoAndNoneOtherwise() {
        assertEquals(0x3, WavHeader.channelMask(2));
        assertEquals(0x3F, WavHeader.channelMask(6));
        assertEquals(0x63F, WavHeader.channelMask(8));
        for (int c : new int[] {1, 4, 12, 16}) {
            assertEquals(0, WavHeader.channelMask(c), c + " channels");
        }
    }

    @Test
    void headerPast4GiBIsRf64WithTheSizesInDs64() {
        long fits = WavHeader.MAX_32 - WavHeader.RIFF_OVERHEAD;
        assertFalse(WavHeader.needsRf64(fits), "RIFF size 0xFFFFFFFF still fits");
        assertTrue(WavHeader.needsRf64(fits + 1));

        long data = 5L << 30; // 5 GiB of 6 channels
        ByteBuffer b = ByteBuffer.allocate(WavHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        WavHeader.write(b, 6, data);
        assertEquals("RF64", tag(b, 0));
        assertEquals(-1, b.getInt(4), "RIFF size 0xFFFFFFFF: see ds64");
        assertEquals("WAVE", tag(b, 8));
        assertEquals("ds64", tag(b, 12));
        assertEquals(28, b.getInt(16));
        assertEquals(96 + data, b.getLong(20), "64-bit RIFF size");
        assertEquals(data, b.getLong(28), "64-bit data size");
        assertEquals(data / 24, b.getLong(36), "sample frames");
        assertEquals(0, b.getInt(44), "table length");
        assertEquals("fmt ", tag(b, 48));
        assertEquals(0x3F, b.getInt(76), "5.1 mask");
        assertEquals("data", tag(b, 96));
        assertEquals(-1, b.getInt(100), "data size 0xFFFFFFFF: see ds64");

        WavHeader.write(b, 6, 24); // the same buffer back to a small file: no ds64 left over
        assertEquals("RIFF", tag(b, 0));
        assertEquals("JUNK", tag(b, 12));
        assertEquals(0L, b.getLong(20));
        assertEquals(24, b.getInt(100));
    }

    @Test
    void theDeviceWritesTheAiredAudioThatFfprobeAndFfmpegReadBack() throws Exception {
        Path wav = dir.resolve("out/aired.wav");
        AudioFrame[] frames = AudioFrame.sequence(12, FPS50, 2);
        airAll(frames, 2, ClockSettings.KEY_WAV_PATH, wav.toString());

        long samples = 12L * SAMPLES;
        Map<String, String> s = FfTools.probe(wav);
        assertEquals("pcm_s32le", s.get("codec_name"), s.toString());
        assertEquals("s32", s.get("sample_fmt"));
        assertEquals("2", s.get("channels"));
        assertEquals("stereo", s.get("channel_layout"));
        assertEquals("48000", s.get("sample_rate"));
        assertEquals("32", s.get("bits_per_sample"));
        assertEquals(Long.toString(samples), s.get("duration_ts"));
        assertEquals(samples / 48_000.0, Double.parseDouble(s.get("duration")), 1e-6);

        byte[] expected = concat(frames);
        byte[] decoded = FfTools.decodeS32(wav);
        assertArrayEquals(expected, decoded, "ffmpeg decodes exactly the samples of the aired frames, in order");
        for (int i = 0; i < decoded.length; i += 4) {
            assertEquals(0, decoded[i], "24 significant bits: the low byte of every sample is zero");
        }
        ByteBuffer slot = frames[0].audio().samples();
        assertEquals(0, slot.position(), "the slot's audio buffer keeps its position");
        assertEquals(slot.capacity(), slot.limit(), "and its limit");
    }

    @Test
    void sixChannelsAre51EightAre71AndFourHaveNoLayout() throws Exception {
        assertLayout(6, "5.1");
        assertLayout(8, "7.1");
        assertLayout(4, null);
    }

    private void assertLayout(int channels, String layout) throws Exception {
        Path wav = dir.resolve(channels + ".wav");
        AudioFrame[] frames = AudioFrame.sequence(3, FPS50, channels);
        try (WavSink sink = new WavSink(wav, channels, channels * SAMPLES * 4)) {
            for (AudioFrame f : frames) {
                sink.write(f, f.slot());
            }
        }
        Map<String, String> s = FfTools.probe(wav);
        assertEquals(Integer.toString(channels), s.get("channels"), s.toString());
        if (layout != null) {
            assertEquals(layout, s.get("channel_layout"), s.toString());
        }
        assertEquals(Integer.toString(3 * SAMPLES), s.get("duration_ts"));
        assertArrayEquals(concat(frames), FfTools.decodeS32(wav));
    }

    @Test
    void aKilledWriterLeavesAFileThatReadsUpToTheLastFlush() throws Exception {
        Path wav = dir.resolve("killed.wav");
        AudioFrame[] frames = AudioFrame.sequence(WavSink.FLUSH_EVERY + 5, FPS50, 2);
        WavSink sink = new WavSink(wav, 2, 2 * SAMPLES * 4);
        for (AudioFrame f : frames) {
            sink.write(f, f.slot());
        }
        // not closed, as after kill -9: the header has the sizes of the flush after FLUSH_EVERY frames
        Path copy = Files.copy(wav, dir.resolve("as-left.wav"));
        assertEquals(Integer.toString(WavSink.FLUSH_EVERY * SAMPLES), FfTools.probe(copy).get("duration_ts"));
        assertArrayEquals(concat(Arrays.copyOf(frames, WavSink.FLUSH_EVERY)), FfTools.decodeS32(copy));

        sink.flush();
        assertEquals(Integer.toString(frames.length * SAMPLES), FfTools.probe(wav).get("duration_ts"));
        sink.close();
        assertArrayEquals(concat(frames), FfTools.decodeS32(wav));
    }

    @Test
    void pastFourGiBTheFileTurnsIntoRf64ThatFfmpegReads() throws Exception {
        Path wav = dir.resolve("long.wav");
        // 11184 s of stereo already written (a hole in a sparse file): 4 294 656 000 bytes, 311 199
        // below the RIFF limit, so the 50 frames written next (384 000 bytes) cross it
        long before = 11_184L * 48_000 * 8;
        assertFalse(WavHeader.needsRf64(before));
        AudioFrame[] frames = AudioFrame.sequence(50, FPS50, 2);
        try (WavSink sink = new WavSink(wav, 2, 2 * SAMPLES * 4, before)) {
            for (AudioFrame f : frames) {
                sink.write(f, f.slot());
            }
            assertTrue(WavHeader.needsRf64(sink.dataBytes()));
        }
        long data = before + 50L * SAMPLES * 8;
        assertEquals(WavHeader.SIZE + data, Files.size(wav));
        ByteBuffer head = ByteBuffer.wrap(readHead(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RF64", tag(head, 0));
        assertEquals("ds64", tag(head, 12));
        assertEquals(data, head.getLong(28));

        Map<String, String> s = FfTools.probe(wav);
        assertEquals(Long.toString(data / 8), s.get("duration_ts"), s.toString());
        assertEquals("2", s.get("channels"));
        // ffmpeg seeks PCM by block: from second 11184 on it reads exactly the frames written last
        assertArrayEquals(concat(frames), FfTools.decodeS32(wav, "-ss", "11184"));
    }

    @Test
    void framesWithoutAudioAddNothingAndAChannelMismatchIsAnError() throws Exception {
        Path wav = dir.resolve("mixed.wav");
        AudioFrame[] frames = AudioFrame.sequence(2, FPS50, 2);
        try (WavSink sink = new WavSink(wav, 2, 2 * SAMPLES * 4)) {
            sink.write(frames[0], 0);
            sink.write(TestFrame.of(1, FPS50), 1); // AudioBuffer.NONE
            sink.write(frames[1], 2);
            FrameBuffer six = new AudioFrame(TestFrame.of(3, FPS50), TestAudio.ramp(6, SAMPLES, 0));
            IOException e = assertThrows(IOException.class, () -> sink.write(six, 3));
            assertTrue(e.getMessage().contains("display index 3 carries 6 audio channels but the WAV file has 2"),
                    e.getMessage());
        }
        assertArrayEquals(concat(frames), FfTools.decodeS32(wav));
    }

    @Test
    void aSessionWithoutAudioWritesNoWav() throws Exception {
        Path wav = dir.resolve("none.wav");
        airAll(AudioFrame.sequence(3, FPS50, 2), 0, ClockSettings.KEY_WAV_PATH, wav.toString());
        assertFalse(Files.exists(wav));
    }

    /** Airs every frame unpaced through a session opened with {@code audioChannels}, then closes. */
    private static void airAll(FrameBuffer[] frames, int audioChannels, Object... config) throws Exception {
        Object[] all = Arrays.copyOf(config, config.length + 2);
        all[config.length] = ClockSettings.KEY_MODE;
        all[config.length + 1] = "unpaced";
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(all), FPS50, audioChannels, listener);
        assertEquals(audioChannels, session.audioChannels());
        for (FrameBuffer f : frames) {
            assertTrue(session.schedule(f, f.slot()));
        }
        session.startScheduledPlayback(0);
        listener.awaitCompletions(frames.length - 1);
        session.close();
    }

    static byte[] concat(AudioFrame[] frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AudioFrame f : frames) {
            out.writeBytes(((TestAudio) f.audio()).bytes());
        }
        return out.toByteArray();
    }

    private static byte[] readHead(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(WavHeader.SIZE);
        }
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }
}
