package org.genlock.device.clock.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/** A pool slot for tests: a record over a little-endian direct buffer. */
record TestFrame(int slot, long generation, VideoFormat format, int rowBytes, ByteBuffer pixels)
        implements FrameBuffer {

    static TestFrame of(int slot, VideoFormat format) {
        return new TestFrame(slot, 1, format, format.rowBytes(),
                ByteBuffer.allocateDirect(format.frameBytes()).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Fills every pixel with {@code 0xAARRGGBB}. */
    TestFrame fill(int argb) {
        for (int i = 0; i < pixels.capacity(); i += 4) {
            pixels.putInt(i, argb);
        }
        return this;
    }

    /** Fills with a pattern derived from {@code seed}, so every frame hashes differently. */
    TestFrame pattern(int seed) {
        for (int i = 0; i < pixels.capacity(); i++) {
            pixels.put(i, (byte) (seed * 31 + i * 7));
        }
        return this;
    }

    byte[] bytes() {
        byte[] b = new byte[rowBytes * format.height()];
        pixels.get(0, b);
        return b;
    }
}
