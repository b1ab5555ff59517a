package org.genlock.device.clock.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * Writes {@code <displayIndex> <sha256 hex>} per aired frame, so a test can prove exactly which
 * pictures aired and in which slot. Digest, copy buffer, line buffer and writer are reused;
 * the writer is flushed every {@link #FLUSH_EVERY} lines and at stop.
 */
final class HashLogSink implements FrameSink {

    private static final int FLUSH_EVERY = 25;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final BufferedWriter out;
    private final MessageDigest sha256;
    private final FrameCopy copy;
    private final byte[] digest = new byte[32];
    private final char[] line = new char[20 + 1 + 64 + 1];
    private int unflushed;

    HashLogSink(Path file, VideoFormat format) throws IOException {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("SHA-256 is not available in this JVM", e);
        }
        copy = new FrameCopy(format.frameBytes());
        out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
    }

    @Override
    public void write(FrameBuffer frame, long displayIndex) throws IOException {
        int n = copy.copy(frame);
        sha256.update(copy.data(), 0, n);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (java.security.DigestException e) {
            throw new IOException("SHA-256 digest failed", e);
        }
        int len = formatLine(displayIndex, digest, line);
        out.write(line, 0, len);
        if (++unflushed >= FLUSH_EVERY) {
            flush();
        }
    }

    /** Writes {@code index + ' ' + hex + '\n'} into {@code line} without allocating; returns the length. */
    static int formatLine(long index, byte[] digest, char[] line) {
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
        for (byte b : digest) {
            line[pos++] = HEX[(b >> 4) & 0xF];
            line[pos++] = HEX[b & 0xF];
        }
        line[pos++] = '\n';
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
