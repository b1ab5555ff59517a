package org.genlock.shader.timecode.itest;

/**
 * The timecode shader's display-index strip decoder exactly as its README gives it,
 * independent of the bundle's code.
 */
final class Pixels {

    private Pixels() {}

    /** Decodes the timecode strip (README of genlock.shader.timecode). */
    static long decodeStrip(TestFrame frame) {
        boolean[] b = new boolean[69];
        for (int k = 0; k < 69; k++) {
            b[k] = ((frame.argb(8 * k + 4, 4) >>> 8) & 0xFF) >= 128;
        }
        if (!(b[0] && b[1] && !b[2] && b[3])) {
            throw new AssertionError("no strip marker in blocks 0-3: " + b[0] + " " + b[1] + " " + b[2] + " " + b[3]);
        }
        long v = 0;
        for (int i = 0; i < 64; i++) {
            if (b[4 + i]) {
                v |= 1L << i;
            }
        }
        if ((Long.bitCount(v) & 1) == 1 != b[68]) {
            throw new AssertionError("strip parity does not match " + v);
        }
        return v;
    }

    static String hex(int argb) {
        return String.format("0x%08X", argb);
    }
}
