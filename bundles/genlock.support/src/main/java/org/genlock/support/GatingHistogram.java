package org.genlock.support;

import java.util.Arrays;

/**
 * Integrated loudness of one programme group (BS.1770-4 §2.8): the 400 ms gating blocks
 * above the absolute gate, kept in fixed 0.1 LU bins from -70 to +12 LUFS, so a day of
 * blocks (864 000) costs no memory beyond construction. Each bin keeps the count and the
 * sum of its blocks' energies: the mean is exact, only the relative gate is decided per
 * bin (a block up to 0.1 LU below the gate can still count, which moves I by far less than
 * 0.1 LU). Writer thread only.
 */
final class GatingHistogram {

    static final double ABSOLUTE_GATE_LUFS = -70;
    static final double RELATIVE_GATE_LU = -10;
    /** Above any BS.1770 programme: a full-scale square in all 5.1 channels reaches about +11 LUFS. */
    static final double TOP_LUFS = 12;
    private static final int BINS_PER_LU = 10;
    private static final int BINS = (int) ((TOP_LUFS - ABSOLUTE_GATE_LUFS) * BINS_PER_LU);

    private final long[] counts = new long[BINS];
    private final double[] energies = new double[BINS];
    private long count;
    private double energy;

    /** Adds one gating block of mean weighted energy {@code blockEnergy}. */
    void add(double blockEnergy) {
        double lufs = LoudnessMeter.lufs(blockEnergy);
        if (!(lufs > ABSOLUTE_GATE_LUFS)) {
            return;
        }
        int bin = bin(lufs);
        counts[bin]++;
        energies[bin] += blockEnergy;
        count++;
        energy += blockEnergy;
    }

    /** Gated loudness of the blocks so far, LUFS, or -∞ if no block passed the absolute gate. */
    double integratedLufs() {
        if (count == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double relativeGate = LoudnessMeter.lufs(energy / count) + RELATIVE_GATE_LU;
        long n = 0;
        double e = 0;
        for (int bin = relativeGate <= ABSOLUTE_GATE_LUFS ? 0 : bin(relativeGate); bin < BINS; bin++) {
            n += counts[bin];
            e += energies[bin];
        }
        return LoudnessMeter.lufs(e / n);
    }

    void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(energies, 0);
        count = 0;
        energy = 0;
    }

    private static int bin(double lufs) {
        return Math.min(BINS - 1, (int) ((lufs - ABSOLUTE_GATE_LUFS) * BINS_PER_LU));
    }
}
