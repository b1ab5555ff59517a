package org.genlock.device.clock.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.FrameAllocator;
import org.genlock.api.video.VideoFormat;

/**
 * The clock device has no special memory: frames live in little-endian direct buffers of one
 * session format.
 */
final class DirectAllocator implements FrameAllocator {

    private final VideoFormat format;

    DirectAllocator(VideoFormat format) {
        this.format = format;
    }

    @Override
    public ByteBuffer allocate(VideoFormat f, int rowBytes) {
        if (!format.equals(f)) {
            throw new IllegalArgumentException("the clock session outputs " + format + " and cannot allocate frames for "
                    + f);
        }
        if (rowBytes < f.rowBytes()) {
            throw new IllegalArgumentException("rowBytes " + rowBytes + " is below the " + f.rowBytes()
                    + " bytes a row of " + f.name() + " " + f.pixelFormat() + " needs");
        }
        long bytes = (long) rowBytes * f.height();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rowBytes " + rowBytes + " x " + f.height() + " lines = " + bytes
                    + " bytes, more than one buffer can hold (" + Integer.MAX_VALUE + ")");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void release(ByteBuffer buffer) {
        // direct buffers are freed by the garbage collector
    }
}
