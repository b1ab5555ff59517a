package org.genlock.itest.support.render;

/**
 * Expected-pixel arithmetic written from the documentation, independently of the bundles:
 * premultiplied "over" with round-to-nearest, and the timecode shader's display-index strip
 * decoder exactly as its README gives it.
 */
public final class Pixels {

    private Pixels() {}

    /** Decodes the timecode strip (README of genlock.shader.timecode). */
    public static long decodeStrip(TestFrame frame) {
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

    /** {@code src} scaled by a layer opacity, every channel rounded to nearest. */
    public static int scale(int argb, float opacity) {
        int o = Math.round(opacity * 255f);
        int r = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            r |= mul((argb >>> shift) & 0xFF, o) << shift;
        }
        return r;
    }

    /** Premultiplied {@code src over dst}, every channel rounded to nearest. */
    public static int over(int src, int dst) {
        int keep = 255 - (src >>> 24);
        int r = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            r |= (((src >>> shift) & 0xFF) + mul((dst >>> shift) & 0xFF, keep)) << shift;
        }
        return r;
    }

    private static int mul(int a, int b) {
        return (int) Math.round(a * b / 255.0);
    }

    public static String hex(int argb) {
        return String.format("0x%08X", argb);
    }
}
