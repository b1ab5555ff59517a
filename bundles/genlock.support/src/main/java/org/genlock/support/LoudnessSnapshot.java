package org.genlock.support;

import java.util.Arrays;

/**
 * The readings of a {@link LoudnessMeter} at the end of one 100 ms sub-block. A reader
 * keeps its own instance and refills it with {@link LoudnessMeter#read(LoudnessSnapshot)},
 * which copies a consistent set (all values from the same sub-block) without allocating.
 * Not thread-safe itself: one instance belongs to one reader.
 *
 * <p>Silence reads as {@link Double#NEGATIVE_INFINITY} (LUFS and dBFS); so do momentary
 * and short-term until their window (400 ms, 3 s) has filled after construction or reset,
 * and integrated until the first gating block passed the -70 LUFS gate.
 */
public final class LoudnessSnapshot {

    private final LoudnessLayout layout;
    final double[] momentary;
    final double[] shortTerm;
    final double[] integrated;
    final double[] samplePeak;
    final double[] truePeak;
    final double[] maxSamplePeak;
    final double[] maxTruePeak;
    long samples;

    public LoudnessSnapshot(LoudnessLayout layout) {
        this.layout = layout;
        momentary = silent(layout.groups());
        shortTerm = silent(layout.groups());
        integrated = silent(layout.groups());
        samplePeak = silent(layout.channels());
        truePeak = silent(layout.channels());
        maxSamplePeak = silent(layout.channels());
        maxTruePeak = silent(layout.channels());
    }

    private static double[] silent(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NEGATIVE_INFINITY);
        return a;
    }

    public LoudnessLayout layout() {
        return layout;
    }

    /** Samples per channel measured since construction or the last reset (a multiple of 4800). */
    public long samples() {
        return samples;
    }

    /** Momentary loudness (last 400 ms) of group {@code group}, LUFS. */
    public double momentaryLufs(int group) {
        return momentary[group];
    }

    /** Short-term loudness (last 3 s) of group {@code group}, LUFS. */
    public double shortTermLufs(int group) {
        return shortTerm[group];
    }

    /** Integrated (gated) loudness of group {@code group} since the last reset, LUFS. */
    public double integratedLufs(int group) {
        return integrated[group];
    }

    /** Highest sample |x| of audio channel {@code channel} over the last 400 ms, dBFS. */
    public double samplePeakDbfs(int channel) {
        return samplePeak[channel];
    }

    /** True peak (BS.1770-4 Annex 2, 4× oversampled) of {@code channel} over the last 400 ms, dBFS. */
    public double truePeakDbfs(int channel) {
        return truePeak[channel];
    }

    /** Highest sample peak of {@code channel} since the last reset, dBFS. */
    public double maxSamplePeakDbfs(int channel) {
        return maxSamplePeak[channel];
    }

    /** Highest true peak of {@code channel} since the last reset, dBFS. */
    public double maxTruePeakDbfs(int channel) {
        return maxTruePeak[channel];
    }

    void copyFrom(LoudnessSnapshot other) {
        copy(other.momentary, momentary);
        copy(other.shortTerm, shortTerm);
        copy(other.integrated, integrated);
        copy(other.samplePeak, samplePeak);
        copy(other.truePeak, truePeak);
        copy(other.maxSamplePeak, maxSamplePeak);
        copy(other.maxTruePeak, maxTruePeak);
        samples = other.samples;
    }

    private static void copy(double[] from, double[] to) {
        System.arraycopy(from, 0, to, 0, to.length);
    }

    boolean fits(LoudnessLayout other) {
        return layout.channels() == other.channels() && layout.groups() == other.groups();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LoudnessSnapshot[samples=").append(samples);
        for (int g = 0; g < layout.groups(); g++) {
            b.append(String.format(java.util.Locale.ROOT, ", %s M %.2f S %.2f I %.2f", layout.groupName(g),
                    momentary[g], shortTerm[g], integrated[g]));
        }
        for (int c = 0; c < layout.channels(); c++) {
            b.append(String.format(java.util.Locale.ROOT, ", ch%d peak %.2f tp %.2f max %.2f/%.2f", c + 1,
                    samplePeak[c], truePeak[c], maxSamplePeak[c], maxTruePeak[c]));
        }
        return b.append(']').toString();
    }
}
