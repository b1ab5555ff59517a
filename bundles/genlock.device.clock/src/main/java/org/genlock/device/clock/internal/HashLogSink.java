package org.genlock.device.clock.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * Writes {@code <displayIndex> <sha256 hex> audio=<sha256 hex>} per aired frame, so a test can
 * prove exactly which pictures and which sound aired and in which slot. The first hash is over
 * the pixels ({@code rowBytes * height}), the audio hash over the frame's interleaved samples
 * ({@link AudioBuffer#byteCount()} bytes); {@code audio=-} when the frame carries no audio.
 * Digest, copy buffers, line buffer and writer are reused; the writer is flushed every
 * {@link #FLUSH_EVERY} lines and at stop.
 */
final class HashLogSink implements FrameSink {

    private static final int FLUSH_EVERY = 25;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] AUDIO_COLUMN = " audio=".toCharArray();

    private final BufferedWriter out;
    private final MessageDigest sha256;
    private final FrameCopy copy;
    private final byte[] digest = new byte[32];
    private final byte[] audioDigest = new byte[32];
    private final char[] line = new char[20 + 1 + 64 + AUDIO_COLUMN.length + 64 + 1];
    private byte[] audio;
    private int unflushed;

    /**
     * @param file          the log file, truncated
     * @param format        the session's format
     * @param maxAudioBytes the largest audio of one frame, for the copy buffer
     */
    HashLogSink(Path file, VideoFormat format, int maxAudioBytes) throws IOException {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("SHA-256 is not available in this JVM", e);
        }
        copy = new FrameCopy(format.frameBytes());
        audio = new byte[maxAudioBytes];
        out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
    }

    @Override
    public void write(FrameBuffer frame, long displayIndex) throws IOException {
        int n = copy.copy(frame);
        sha256.update(copy.data(), 0, n);
        digest(digest);
        AudioBuffer a = frame.audio();
        boolean hasAudio = a.channels() > 0;
        if (hasAudio) {
            int bytes = a.byteCount();
            if (audio.length < bytes) {
                audio = new byte[bytes];
            }
            a.samples().get(0, audio, 0, bytes); // absolute: the slot's buffer keeps its position
            sha256.update(audio, 0, bytes);
            digest(audioDigest);
        }
        int len = formatLine(displayIndex, digest, hasAudio ? audioDigest : null, line);
        out.write(line, 0, len);
        if (++unflushed >= FLUSH_EVERY) {
            flush();
        }
    }

    private void digest(byte[] into) throws IOException {
        try {
            sha256.digest(into, 0, into.length);
        } catch (java.security.DigestException e) {
            throw new IOException("SHA-256 digest failed", e);
        }
    }

    /**
     * Writes {@code index + ' ' + hex + " audio=" + (audio hex or '-') + '\n'} into {@code line}
     * without allocating; returns the length.
     *
     * @param audioDigest the audio's digest, {@code null} for a frame without audio
     */
    static int formatLine(long index, byte[] digest, byte[] audioDigest, char[] line) {
        int pos = 0;
        if (index == 0) {
            line[pos++] = '0';
        } else {
            long v = index;
            int start = pos;
            while (v > 0) {
                line[pos++] = (char) ('0' + (v % 10));
                v /= 10;
            }
            for (int i = start, j = pos - 1; i < j; i++, j--) {
                char t = line[i];
                line[i] = line[j];
                line[j] = t;
            }
        }
        line[pos++] = ' ';
        pos = hex(digest, line, pos);
        System.arraycopy(AUDIO_COLUMN, 0, line, pos, AUDIO_COLUMN.length);
        pos += AUDIO_COLUMN.length;
        if (audioDigest == null) {
            line[pos++] = '-';
        } else {
            pos = hex(audioDigest, line, pos);
        }
        line[pos++] = '\n';
        return pos;
    }

    private static int hex(byte[] digest, char[] line, int pos) {
        for (byte b : digest) {
            line[pos++] = HEX[(b >> 4) & 0xF];
            line[pos++] = HEX[b & 0xF];
        }
        return pos;
    }

    @Override
    public void flush() throws IOException {
        unflushed = 0;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
