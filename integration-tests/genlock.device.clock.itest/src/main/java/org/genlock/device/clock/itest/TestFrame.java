package org.genlock.device.clock.itest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * A pool frame as a backend would lend it: memory from the session's allocator, filled with
 * one solid BGRA colour derived from the display index it is scheduled for, so the hash log
 * and the snapshot can be checked against what the test wrote. With audio channels it also
 * carries that index's audio, like a backend slot: a buffer allocated once at the largest
 * frame's size, holding the samples of a continuous signal (see {@link #sample}) for exactly
 * the samples the 48 kHz cadence gives the index.
 */
final class TestFrame implements FrameBuffer {

    private final int slot;
    private final VideoFormat format;
    private final ByteBuffer pixels;
    private final byte[] row;
    private final Audio audio;
    private long generation;
    private long index = -1;

    TestFrame(int slot, VideoFormat format, ByteBuffer pixels) {
        this(slot, format, pixels, 0);
    }

    TestFrame(int slot, VideoFormat format, ByteBuffer pixels, int audioChannels) {
        this.slot = slot;
        this.format = format;
        this.pixels = pixels;
        this.row = new byte[format.rowBytes()];
        this.audio = audioChannels == 0 ? null : new Audio(format, audioChannels);
    }

    /** Writes the content of display index {@code index}; only while the test owns the frame. */
    void fill(long index) {
        generation++;
        this.index = index;
        fillRow(row, index);
        for (int y = 0; y < format.height(); y++) {
            pixels.put(y * format.rowBytes(), row);
        }
        if (audio != null) {
            audio.fill(index);
        }
    }

    /**
     * Sample {@code s} (absolute, 48 kHz) of audio channel {@code c}: on even channels a 997 Hz
     * sine at -18 dBFS (the phase {@code 997 * s mod 48000} taken exactly, so it is continuous
     * across frames and no two frames of a second sound alike), on odd channels a ramp
     * {@code 37 * s mod 2^24} that makes every frame's audio unique for 349 s. 24 bits in an
     * int32, like the backend's samples.
     */
    static int sample(long s, int c) {
        if (c % 2 == 1) {
            return (int) (Math.floorMod(s * 37, 1L << 24) - (1 << 23)) << 8;
        }
        double phase = Math.floorMod(s * 997, 48_000L) / 48_000.0;
        double x = Math.sin(2 * Math.PI * phase) * Math.pow(10, -18 / 20.0);
        return (int) Math.round(x * ((1 << 23) - 1)) << 8;
    }

    /** The interleaved little-endian audio bytes of display index {@code index}. */
    static byte[] audioBytes(VideoFormat format, int channels, long index) {
        int count = format.frameTime().audioSamples(index, AudioBuffer.SAMPLE_RATE);
        long first = format.frameTime().audioSampleOffset(index, AudioBuffer.SAMPLE_RATE);
        ByteBuffer b = ByteBuffer.allocate(count * channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < count; k++) {
            for (int c = 0; c < channels; c++) {
                b.putInt(sample(first + k, c));
            }
        }
        return b.array();
    }

    /** SHA-256 hex of the audio of display index {@code index}, as the hash log's audio column has it. */
    static String audioSha256(VideoFormat format, int channels, long index) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(audioBytes(format, channels, index)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The display index the frame was last written for. */
    long index() {
        return index;
    }

    /** The 0xRRGGBB colour of display index {@code index}; distinct for 256 consecutive indices. */
    static int rgb(long index) {
        int r = (int) ((index * 97 + 128) & 0xFF);
        int g = (int) ((index * 53 + 64) & 0xFF);
        int b = (int) ((index * 29 + 16) & 0xFF);
        return r << 16 | g << 8 | b;
    }

    /** SHA-256 hex of the {@code rowBytes * height} bytes a frame for {@code index} holds. */
    static String sha256(VideoFormat format, long index) {
        byte[] row = new byte[format.rowBytes()];
        fillRow(row, index);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int y = 0; y < format.height(); y++) {
                md.update(row);
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : md.digest()) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void fillRow(byte[] row, long index) {
        int c = rgb(index);
        for (int p = 0; p + 3 < row.length; p += 4) { // BGRA8 in memory order
            row[p] = (byte) c;
            row[p + 1] = (byte) (c >> 8);
            row[p + 2] = (byte) (c >> 16);
            row[p + 3] = (byte) 0xFF;
        }
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public int rowBytes() {
        return format.rowBytes();
    }

    @Override
    public ByteBuffer pixels() {
        return pixels;
    }

    @Override
    public AudioBuffer audio() {
        return audio == null ? AudioBuffer.NONE : audio;
    }

    /** The frame's audio: one direct buffer for the life of the frame, rewritten per index. */
    private static final class Audio implements AudioBuffer {

        private final VideoFormat format;
        private final int channels;
        private final ByteBuffer samples;
        private int sampleCount;
        private long firstSample;

        Audio(VideoFormat format, int channels) {
            this.format = format;
            this.channels = channels;
            int max = format.frameTime().maxAudioSamples(SAMPLE_RATE);
            this.samples = ByteBuffer.allocateDirect(max * channels * BYTES_PER_SAMPLE)
                    .order(ByteOrder.LITTLE_ENDIAN);
        }

        void fill(long index) {
            sampleCount = format.frameTime().audioSamples(index, SAMPLE_RATE);
            firstSample = format.frameTime().audioSampleOffset(index, SAMPLE_RATE);
            for (int k = 0; k < sampleCount; k++) {
                for (int c = 0; c < channels; c++) {
                    samples.putInt((k * channels + c) * BYTES_PER_SAMPLE, sample(firstSample + k, c));
                }
            }
        }

        @Override
        public int channels() {
            return channels;
        }

        @Override
        public int sampleCount() {
            return sampleCount;
        }

        @Override
        public long firstSample() {
            return firstSample;
        }

        @Override
        public ByteBuffer samples() {
            return samples;
        }
    }
}
