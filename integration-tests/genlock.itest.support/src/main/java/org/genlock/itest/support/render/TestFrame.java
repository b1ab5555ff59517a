package org.genlock.itest.support.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * A pool frame as a backend would lend it: direct little-endian memory of exactly
 * {@code rowBytes * height} bytes, with readers for the test's pixel assertions.
 */
public final class TestFrame implements FrameBuffer {

    private final VideoFormat format;
    private final ByteBuffer pixels;
    private long generation;

    public TestFrame(VideoFormat format) {
        this.format = format;
        this.pixels = ByteBuffer.allocateDirect(format.frameBytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills the memory with a pattern no renderer writes, so stale bytes show up. */
    public TestFrame scribble() {
        generation++;
        for (int i = 0; i < pixels.capacity(); i += 4) {
            pixels.putInt(i, 0x5A3C1E0F);
        }
        return this;
    }

    /** The pixel at (x, y) as {@code 0xAARRGGBB}. */
    public int argb(int x, int y) {
        return pixels.getInt(y * rowBytes() + 4 * x);
    }

    /** A copy of the whole frame's bytes. */
    public byte[] bytes() {
        byte[] b = new byte[pixels.capacity()];
        pixels.get(0, b);
        return b;
    }

    @Override
    public int slot() {
        return 0;
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
