package org.genlock.support;

import java.util.Arrays;

/**
 * 4× oversampling of ITU-R BS.1770-4 Annex 2: the 48-tap interpolation FIR (Table 1) as
 * four 12-tap phases, one per interpolated point between two input samples. It runs in
 * double, so the annex's 12.04 dB pre-attenuation (headroom for fixed point) is not needed.
 * One instance per meter; the history is per channel. Writer thread only.
 */
final class TruePeakFilter {

    static final int TAPS = 12;
    private static final int HISTORY = TAPS - 1;

    private final double[][] history;
    /** The channel's last 11 samples, then the samples being filtered: each output reads 12 in a row. */
    private final double[] window;

    TruePeakFilter(int channels, int maxSamples) {
        history = new double[channels][HISTORY];
        window = new double[HISTORY + maxSamples];
    }

    /** Slot for input sample {@code i} of the run that {@link #peak} filters next. */
    void put(int i, double x) {
        window[HISTORY + i] = x;
    }

    /**
     * Highest |y| of the 4×{@code n} oversampled points of channel {@code channel}'s samples
     * placed with {@link #put}, continuing that channel's previous run.
     */
    double peak(int channel, int n) {
        double[] w = window;
        System.arraycopy(history[channel], 0, w, 0, HISTORY);
        double max = 0;
        for (int i = 0; i < n; i++) {
            // xk is the sample k before the newest; the Table 1 coefficients are written out
            // as constants, one phase per sum, because array loads kept the loop 3× slower
            double x0 = w[i + 11];
            double x1 = w[i + 10];
            double x2 = w[i + 9];
            double x3 = w[i + 8];
            double x4 = w[i + 7];
            double x5 = w[i + 6];
            double x6 = w[i + 5];
            double x7 = w[i + 4];
            double x8 = w[i + 3];
            double x9 = w[i + 2];
            double x10 = w[i + 1];
            double x11 = w[i];
            double y0 = 0.0017089843750 * x0 + 0.0109863281250 * x1 - 0.0196533203125 * x2
                    + 0.0332031250000 * x3 - 0.0594482421875 * x4 + 0.1373291015625 * x5
                    + 0.9721679687500 * x6 - 0.1022949218750 * x7 + 0.0476074218750 * x8
                    - 0.0266113281250 * x9 + 0.0148925781250 * x10 - 0.0083007812500 * x11;
            double y1 = -0.0291748046875 * x0 + 0.0292968750000 * x1 - 0.0517578125000 * x2
                    + 0.0891113281250 * x3 - 0.1665039062500 * x4 + 0.4650878906250 * x5
                    + 0.7797851562500 * x6 - 0.2003173828125 * x7 + 0.1015625000000 * x8
                    - 0.0582275390625 * x9 + 0.0330810546875 * x10 - 0.0189208984375 * x11;
            double y2 = -0.0189208984375 * x0 + 0.0330810546875 * x1 - 0.0582275390625 * x2
                    + 0.1015625000000 * x3 - 0.2003173828125 * x4 + 0.7797851562500 * x5
                    + 0.4650878906250 * x6 - 0.1665039062500 * x7 + 0.0891113281250 * x8
                    - 0.0517578125000 * x9 + 0.0292968750000 * x10 - 0.0291748046875 * x11;
            double y3 = -0.0083007812500 * x0 + 0.0148925781250 * x1 - 0.0266113281250 * x2
                    + 0.0476074218750 * x3 - 0.1022949218750 * x4 + 0.9721679687500 * x5
                    + 0.1373291015625 * x6 - 0.0594482421875 * x7 + 0.0332031250000 * x8
                    - 0.0196533203125 * x9 + 0.0109863281250 * x10 + 0.0017089843750 * x11;
            double a = Math.abs(y0);
            double b = Math.abs(y1);
            double c = Math.abs(y2);
            double d = Math.abs(y3);
            if (a > max) {
                max = a;
            }
            if (b > max) {
                max = b;
            }
            if (c > max) {
                max = c;
            }
            if (d > max) {
                max = d;
            }
        }
        System.arraycopy(w, n, history[channel], 0, HISTORY);
        return max;
    }

    void reset() {
        for (double[] h : history) {
            Arrays.fill(h, 0);
        }
    }
}
