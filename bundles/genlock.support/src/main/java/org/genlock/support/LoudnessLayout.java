package org.genlock.support;

import java.util.Arrays;

/**
 * Which audio channels a {@link LoudnessMeter} sums into one loudness, and with which
 * weight. BS.1770 loudness belongs to a programme (a stereo pair, a 5.1 mix), not to a
 * mono channel, so a layout splits the channels into groups; each channel has the weight
 * G of its loudspeaker position (1.0 for L, R and C, 1.41 for Ls and Rs, 0 for the LFE,
 * which BS.1770 leaves out). Immutable.
 */
public final class LoudnessLayout {

    public static final int MIN_CHANNELS = 2;
    public static final int MAX_CHANNELS = 16;

    /** BS.1770-4 Table 3: weight of the surround channels (+1.5 dB). */
    public static final double SURROUND_WEIGHT = 1.41;

    private final double[] weights;
    private final int[] groupOf;
    private final String[] names;

    private LoudnessLayout(double[] weights, int[] groupOf, String[] names) {
        this.weights = weights;
        this.groupOf = groupOf;
        this.names = names;
    }

    /**
     * The layout Genlock uses for {@code channels} embedded channels: 6 channels are one
     * 5.1 programme ({@link #surround51()}), any other count is stereo pairs 1/2, 3/4, …
     * ({@link #pairs(int)}).
     */
    public static LoudnessLayout standard(int channels) {
        checkChannels(channels);
        return channels == 6 ? surround51() : pairs(channels);
    }

    /**
     * One 5.1 group in SMPTE order L, R, C, LFE, Ls, Rs (the order of SDI embedding and
     * of WAV's default 5.1 mask), weights 1, 1, 1, 0, 1.41, 1.41.
     */
    public static LoudnessLayout surround51() {
        return new LoudnessLayout(new double[] { 1, 1, 1, 0, SURROUND_WEIGHT, SURROUND_WEIGHT },
                new int[6], new String[] { "5.1" });
    }

    /**
     * Stereo pairs 1/2, 3/4, … each its own group with weights 1.0; with an odd count the
     * last channel is a mono group of its own.
     */
    public static LoudnessLayout pairs(int channels) {
        checkChannels(channels);
        double[] weights = new double[channels];
        Arrays.fill(weights, 1.0);
        int[] groupOf = new int[channels];
        String[] names = new String[(channels + 1) / 2];
        for (int c = 0; c < channels; c++) {
            groupOf[c] = c / 2;
        }
        for (int g = 0; g < names.length; g++) {
            int first = 2 * g + 1;
            names[g] = first < channels ? first + "/" + (first + 1) : Integer.toString(first);
        }
        return new LoudnessLayout(weights, groupOf, names);
    }

    /**
     * A custom layout: {@code weights[c]} is channel c's weight G (finite, 0 to 2),
     * {@code groupOf[c]} its group (0 to names.length-1, every group used), {@code names}
     * the groups' names as the meters show them.
     */
    public static LoudnessLayout of(double[] weights, int[] groupOf, String... names) {
        checkChannels(weights.length);
        if (groupOf.length != weights.length) {
            throw new IllegalArgumentException("loudness layout: " + groupOf.length + " group indices for "
                    + weights.length + " channel weights (allowed: one group index per channel)");
        }
        boolean[] used = new boolean[names.length];
        for (int c = 0; c < weights.length; c++) {
            if (!(weights[c] >= 0 && weights[c] <= 2)) {
                throw new IllegalArgumentException("loudness layout: weight " + weights[c] + " of channel " + (c + 1)
                        + " rejected (allowed: 0 to 2, e.g. 1.0 L/R/C, 1.41 Ls/Rs, 0 LFE)");
            }
            if (groupOf[c] < 0 || groupOf[c] >= names.length) {
                throw new IllegalArgumentException("loudness layout: group " + groupOf[c] + " of channel " + (c + 1)
                        + " rejected (allowed: 0 to " + (names.length - 1) + ")");
            }
            used[groupOf[c]] = true;
        }
        for (int g = 0; g < names.length; g++) {
            if (!used[g]) {
                throw new IllegalArgumentException("loudness layout: group " + g + " ('" + names[g]
                        + "') has no channel (allowed: every group named has at least one channel)");
            }
        }
        return new LoudnessLayout(weights.clone(), groupOf.clone(), names.clone());
    }

    private static void checkChannels(int channels) {
        if (channels < MIN_CHANNELS || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("loudness layout: " + channels + " audio channels rejected (allowed: "
                    + MIN_CHANNELS + " to " + MAX_CHANNELS + ")");
        }
    }

    public int channels() {
        return weights.length;
    }

    public int groups() {
        return names.length;
    }

    /** Weight G of channel {@code channel} (0-based). */
    public double weight(int channel) {
        return weights[channel];
    }

    /** Group (0-based) that channel {@code channel} (0-based) belongs to. */
    public int group(int channel) {
        return groupOf[channel];
    }

    /** Name of group {@code group}: "1/2", "3/4", "5.1". */
    public String groupName(int group) {
        return names[group];
    }

    @Override
    public String toString() {
        return "LoudnessLayout" + Arrays.toString(names) + " weights " + Arrays.toString(weights);
    }
}
