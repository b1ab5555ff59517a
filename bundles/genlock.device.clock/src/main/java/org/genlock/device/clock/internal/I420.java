package org.genlock.device.clock.internal;

/**
 * BGRA (premultiplied, so alpha is ignored: the fill over black) to planar Y'CbCr 4:2:0,
 * ITU-R BT.709 coefficients, limited ("video") range, 16.16 fixed point. Chroma is the mean
 * of each 2x2 block (centred siting); odd edges average the pixels that exist.
 */
final class I420 {

    // 65536 * Kx * 219/255 for luma, 65536 * coefficient * 224/255 for chroma; rows sum to 0
    private static final int YR = 11966;
    private static final int YG = 40254;
    private static final int YB = 4064;
    private static final int UR = -6597;
    private static final int UG = -22187;
    private static final int UB = 28784;
    private static final int VR = 28784;
    private static final int VG = -26148;
    private static final int VB = -2636;
    private static final int HALF = 1 << 15;

    private I420() {}

    /** Bytes of the three planes for a raster. */
    static int planeBytes(int width, int height) {
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        return width * height + 2 * cw * ch;
    }

    /**
     * Converts one frame.
     *
     * @param bgra     source pixels, B G R A bytes, rows {@code rowBytes} apart
     * @param rowBytes source stride
     * @param width    width in pixels
     * @param height   height in lines
     * @param out      destination: Y plane, then Cb, then Cr
     * @param offset   where the Y plane starts in {@code out}
     */
    static void fromBgra(byte[] bgra, int rowBytes, int width, int height, byte[] out, int offset) {
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        int uBase = offset + width * height;
        int vBase = uBase + cw * ch;
        for (int y = 0; y < height; y++) {
            int src = y * rowBytes;
            int dst = offset + y * width;
            for (int x = 0; x < width; x++, src += 4) {
                int b = bgra[src] & 0xFF;
                int g = bgra[src + 1] & 0xFF;
                int r = bgra[src + 2] & 0xFF;
                out[dst + x] = (byte) (16 + ((YR * r + YG * g + YB * b + HALF) >> 16));
            }
        }
        for (int cy = 0; cy < ch; cy++) {
            int y0 = 2 * cy;
            int rows = y0 + 1 < height ? 2 : 1;
            for (int cx = 0; cx < cw; cx++) {
                int x0 = 2 * cx;
                int cols = x0 + 1 < width ? 2 : 1;
                int sr = 0;
                int sg = 0;
                int sb = 0;
                for (int dy = 0; dy < rows; dy++) {
                    int p = (y0 + dy) * rowBytes + x0 * 4;
                    for (int dx = 0; dx < cols; dx++, p += 4) {
                        sb += bgra[p] & 0xFF;
                        sg += bgra[p + 1] & 0xFF;
                        sr += bgra[p + 2] & 0xFF;
                    }
                }
                int n = rows * cols;
                int u = UR * sr + UG * sg + UB * sb;
                int v = VR * sr + VG * sg + VB * sb;
                out[uBase + cy * cw + cx] = (byte) (128 + Math.floorDiv(u + n * HALF, n << 16));
                out[vBase + cy * cw + cx] = (byte) (128 + Math.floorDiv(v + n * HALF, n << 16));
            }
        }
    }
}
