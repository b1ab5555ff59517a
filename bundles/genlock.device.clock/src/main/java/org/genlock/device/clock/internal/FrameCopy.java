package org.genlock.device.clock.internal;

import org.genlock.api.frame.FrameBuffer;

/**
 * A reusable heap copy of a frame's pixel bytes ({@code rowBytes * height}), taken with an
 * absolute bulk get so the shared buffer's position is never touched. Grows only when a frame
 * is larger than any before (a format or stride change), so steady state does not allocate.
 */
final class FrameCopy {

    private byte[] data;
    private int length;
    private int rowBytes;

    FrameCopy(int initialBytes) {
        data = new byte[initialBytes];
    }

    /**
     * Copies a frame's pixels.
     *
     * @param frame the frame
     * @return the number of bytes copied
     */
    int copy(FrameBuffer frame) {
        int n = frameBytes(frame);
        if (data.length < n) {
            data = new byte[n];
        }
        frame.pixels().get(0, data, 0, n);
        length = n;
        rowBytes = frame.rowBytes();
        return n;
    }

    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }

    int rowBytes() {
        return rowBytes;
    }

    /** The bytes of a frame that carry pixels: every row at the frame's stride. */
    static int frameBytes(FrameBuffer frame) {
        return Math.multiplyExact(frame.rowBytes(), frame.format().height());
    }
}
