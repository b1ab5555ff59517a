package org.genlock.device.clock.itest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * A pool frame as a backend would lend it: memory from the session's allocator, filled with
 * one solid BGRA colour derived from the display index it is scheduled for, so the hash log
 * and the snapshot can be checked against what the test wrote.
 */
final class TestFrame implements FrameBuffer {

    private final int slot;
    private final VideoFormat format;
    private final ByteBuffer pixels;
    private final byte[] row;
    private long generation;
    private long index = -1;

    TestFrame(int slot, VideoFormat format, ByteBuffer pixels) {
        this.slot = slot;
        this.format = format;
        this.pixels = pixels;
        this.row = new byte[format.rowBytes()];
    }

    /** Writes the content of display index {@code index}; only while the test owns the frame. */
    void fill(long index) {
        generation++;
        this.index = index;
        fillRow(row, index);
        for (int y = 0; y < format.height(); y++) {
            pixels.put(y * format.rowBytes(), row);
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
}
