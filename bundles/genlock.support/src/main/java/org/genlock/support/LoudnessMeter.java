package org.genlock.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * Loudness and peak meter per ITU-R BS.1770-4 / EBU R128 for one channel's embedded audio:
 * 48 kHz, interleaved little-endian int32 with 0 dBFS = 2^31 (Genlock's frame audio).
 *
 * <p>K-weighting is the two biquads of BS.1770-4 with their 48 kHz coefficients. The mean
 * square of each channel is kept per 100 ms sub-block (4800 samples), so results depend only
 * on the samples, never on how they were cut into frames: momentary is the last 4 sub-blocks
 * (400 ms), short-term the last 30 (3 s), and every sub-block ends a 400 ms gating block with
 * 75 % overlap for the integrated loudness ({@link GatingHistogram}: absolute gate -70 LUFS,
 * relative gate -10 LU). Sample peak and true peak (Annex 2, {@link TruePeakFilter}) are
 * kept per audio channel over the last 400 ms and since reset.
 *
 * <p>Threads: one writer thread calls {@link #feed}; it allocates nothing after
 * construction, and publishes the readings at the end of every sub-block. Any number of
 * reader threads call {@link #read}, which copies the latest readings into the reader's own
 * {@link LoudnessSnapshot}, consistent (all from one sub-block) and without allocating.
 * Readers take no lock, so they never hold up the writer: a {@link StampedLock}'s optimistic
 * read is retried if the writer published while the reader copied (publishing takes
 * microseconds, every 100 ms of audio). A swap of two snapshots behind a volatile would
 * not do: a reader still reading the old one when the writer reuses it would see a mix.
 * {@link #reset()} may be called from any thread; it takes effect at the start of the next
 * {@code feed}.
 */
public final class LoudnessMeter {

    public static final int SAMPLE_RATE = 48000;
    /** 100 ms: the step of momentary, short-term and the gating blocks. */
    public static final int SUB_BLOCK = SAMPLE_RATE / 10;
    static final int MOMENTARY_SUB_BLOCKS = 4;
    static final int SHORT_TERM_SUB_BLOCKS = 30;
    private static final double FULL_SCALE = 1.0 / 2147483648.0;
    /** Filter states below this are flushed to 0 at a sub-block end, before they decay into slow denormals. */
    private static final double FLUSH = 1e-30;

    // BS.1770-4 Table 1: stage 1, the high shelf modelling the head
    private static final double SHELF_B0 = 1.53512485958697;
    private static final double SHELF_B1 = -2.69169618940638;
    private static final double SHELF_B2 = 1.19839281085285;
    private static final double SHELF_A1 = -1.69065929318241;
    private static final double SHELF_A2 = 0.73248077421585;
    // BS.1770-4 Table 2: stage 2, the RLB high-pass (b = 1, -2, 1)
    private static final double RLB_A1 = -1.99004745483398;
    private static final double RLB_A2 = 0.99007225036621;

    private final LoudnessLayout layout;
    private final int channels;
    private final int frameBytes;

    // per channel K-weighting state: input x, shelf output y, RLB output z, each [n-1], [n-2]
    private final double[] x1;
    private final double[] x2;
    private final double[] y1;
    private final double[] y2;
    private final double[] z1;
    private final double[] z2;
    private final TruePeakFilter truePeak;

    // the sub-block being filled
    private int fill;
    private final double[] energy;
    private final double[] peak;
    private final double[] peakTrue;

    // closed sub-blocks, rings indexed by sub-block number
    private long subBlocks;
    private final double[][] energyRing;
    private final double[][] peakRing;
    private final double[][] truePeakRing;
    private final double[] maxPeak;
    private final double[] maxTruePeak;
    private final double[] momentaryEnergy;
    private final double[] shortTermEnergy;
    private final GatingHistogram[] gating;

    private final LoudnessSnapshot published;
    private final StampedLock publishing = new StampedLock();
    private volatile boolean resetRequested;

    public LoudnessMeter(LoudnessLayout layout) {
        this.layout = layout;
        channels = layout.channels();
        frameBytes = channels * Integer.BYTES;
        x1 = new double[channels];
        x2 = new double[channels];
        y1 = new double[channels];
        y2 = new double[channels];
        z1 = new double[channels];
        z2 = new double[channels];
        truePeak = new TruePeakFilter(channels, SUB_BLOCK);
        energy = new double[channels];
        peak = new double[channels];
        peakTrue = new double[channels];
        energyRing = new double[channels][SHORT_TERM_SUB_BLOCKS];
        peakRing = new double[channels][MOMENTARY_SUB_BLOCKS];
        truePeakRing = new double[channels][MOMENTARY_SUB_BLOCKS];
        maxPeak = new double[channels];
        maxTruePeak = new double[channels];
        momentaryEnergy = new double[layout.groups()];
        shortTermEnergy = new double[layout.groups()];
        gating = new GatingHistogram[layout.groups()];
        for (int g = 0; g < gating.length; g++) {
            gating[g] = new GatingHistogram();
        }
        published = new LoudnessSnapshot(layout);
    }

    public LoudnessLayout layout() {
        return layout;
    }

    /**
     * Measures the next {@code samples} samples per channel: {@code samples × channels}
     * interleaved int32 from {@code pcm}'s position on (the position is left as it is).
     * Any count per call (960, 1601, 1602, 1920, …). Writer thread only.
     *
     * @throws IllegalArgumentException if {@code pcm} is not little-endian, holds fewer bytes
     *     than the samples need, or {@code samples} is negative; nothing is measured then
     */
    public void feed(ByteBuffer pcm, int samples) {
        check(pcm, samples);
        if (resetRequested) {
            resetRequested = false;
            clear();
        }
        int base = pcm.position();
        int done = 0;
        while (done < samples) {
            int n = Math.min(samples - done, SUB_BLOCK - fill);
            for (int c = 0; c < channels; c++) {
                measure(pcm, base + done * frameBytes + c * Integer.BYTES, n, c);
            }
            done += n;
            fill += n;
            if (fill == SUB_BLOCK) {
                closeSubBlock();
            }
        }
    }

    private void check(ByteBuffer pcm, int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("loudness meter: sample count " + samples
                    + " rejected (allowed: 0 or more samples per channel)");
        }
        if (pcm.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("loudness meter: buffer byte order " + pcm.order()
                    + " rejected (allowed: LITTLE_ENDIAN, interleaved int32)");
        }
        long needed = (long) samples * frameBytes;
        if (pcm.remaining() < needed) {
            throw new IllegalArgumentException("loudness meter: " + pcm.remaining() + " bytes remaining for "
                    + samples + " samples of " + channels + " channels rejected (allowed: at least " + needed
                    + " bytes, 4 per sample)");
        }
    }

    /** K-weights and peaks {@code n} samples of channel {@code c} starting at byte {@code at}. */
    private void measure(ByteBuffer pcm, int at, int n, int c) {
        double xa = x1[c];
        double xb = x2[c];
        double ya = y1[c];
        double yb = y2[c];
        double za = z1[c];
        double zb = z2[c];
        // carried across calls unchanged, so the sum is the same however the sub-block was cut
        double sum = energy[c];
        double max = peak[c];
        for (int i = 0; i < n; i++, at += frameBytes) {
            double x = pcm.getInt(at) * FULL_SCALE;
            truePeak.put(i, x);
            double magnitude = Math.abs(x);
            if (magnitude > max) {
                max = magnitude;
            }
            double y = SHELF_B0 * x + SHELF_B1 * xa + SHELF_B2 * xb - SHELF_A1 * ya - SHELF_A2 * yb;
            double z = y - 2 * ya + yb - RLB_A1 * za - RLB_A2 * zb;
            xb = xa;
            xa = x;
            yb = ya;
            ya = y;
            zb = za;
            za = z;
            sum += z * z;
        }
        x1[c] = xa;
        x2[c] = xb;
        y1[c] = ya;
        y2[c] = yb;
        z1[c] = za;
        z2[c] = zb;
        energy[c] = sum;
        peak[c] = max;
        peakTrue[c] = Math.max(peakTrue[c], truePeak.peak(c, n));
    }

    private void closeSubBlock() {
        int slot = (int) (subBlocks % SHORT_TERM_SUB_BLOCKS);
        int peakSlot = (int) (subBlocks % MOMENTARY_SUB_BLOCKS);
        subBlocks++;
        fill = 0;
        Arrays.fill(momentaryEnergy, 0);
        Arrays.fill(shortTermEnergy, 0);
        for (int c = 0; c < channels; c++) {
            energyRing[c][slot] = energy[c];
            // a true peak below a sample value is the filter's ripple, not the signal
            double tp = Math.max(peakTrue[c], peak[c]);
            peakRing[c][peakSlot] = peak[c];
            truePeakRing[c][peakSlot] = tp;
            maxPeak[c] = Math.max(maxPeak[c], peak[c]);
            maxTruePeak[c] = Math.max(maxTruePeak[c], tp);
            energy[c] = 0;
            peak[c] = 0;
            peakTrue[c] = 0;
            flushDenormals(c);
            double weight = layout.weight(c);
            int g = layout.group(c);
            momentaryEnergy[g] += weight * sumLast(energyRing[c], slot, MOMENTARY_SUB_BLOCKS);
            shortTermEnergy[g] += weight * sumLast(energyRing[c], slot, SHORT_TERM_SUB_BLOCKS);
        }
        boolean momentaryFull = subBlocks >= MOMENTARY_SUB_BLOCKS;
        for (int g = 0; g < gating.length; g++) {
            momentaryEnergy[g] /= MOMENTARY_SUB_BLOCKS * SUB_BLOCK;
            shortTermEnergy[g] /= SHORT_TERM_SUB_BLOCKS * SUB_BLOCK;
            if (momentaryFull) {
                gating[g].add(momentaryEnergy[g]);
            }
        }
        publish();
    }

    /** Sum of the {@code count} ring entries ending at {@code last}, summed afresh so no error builds up over a day. */
    private static double sumLast(double[] ring, int last, int count) {
        double sum = 0;
        for (int k = 0, i = last; k < count; k++, i = i == 0 ? ring.length - 1 : i - 1) {
            sum += ring[i];
        }
        return sum;
    }

    private void flushDenormals(int c) {
        if (Math.abs(x1[c]) < FLUSH && Math.abs(x2[c]) < FLUSH) {
            x1[c] = 0;
            x2[c] = 0;
        }
        if (Math.abs(y1[c]) < FLUSH && Math.abs(y2[c]) < FLUSH) {
            y1[c] = 0;
            y2[c] = 0;
        }
        if (Math.abs(z1[c]) < FLUSH && Math.abs(z2[c]) < FLUSH) {
            z1[c] = 0;
            z2[c] = 0;
        }
    }

    private void publish() {
        boolean momentaryFull = subBlocks >= MOMENTARY_SUB_BLOCKS;
        boolean shortTermFull = subBlocks >= SHORT_TERM_SUB_BLOCKS;
        long stamp = publishing.writeLock();
        try {
            LoudnessSnapshot s = published;
            s.samples = subBlocks * SUB_BLOCK;
            for (int g = 0; g < gating.length; g++) {
                s.momentary[g] = momentaryFull ? lufs(momentaryEnergy[g]) : Double.NEGATIVE_INFINITY;
                s.shortTerm[g] = shortTermFull ? lufs(shortTermEnergy[g]) : Double.NEGATIVE_INFINITY;
                s.integrated[g] = gating[g].integratedLufs();
            }
            for (int c = 0; c < channels; c++) {
                s.samplePeak[c] = dbfs(max(peakRing[c]));
                s.truePeak[c] = dbfs(max(truePeakRing[c]));
                s.maxSamplePeak[c] = dbfs(maxPeak[c]);
                s.maxTruePeak[c] = dbfs(maxTruePeak[c]);
            }
        } finally {
            publishing.unlockWrite(stamp);
        }
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * Copies the readings at the end of the last complete sub-block into {@code into}, all
     * from the same sub-block. Any thread; allocates nothing; never blocks the writer.
     *
     * @throws IllegalArgumentException if {@code into} was made for another channel count or grouping
     */
    public void read(LoudnessSnapshot into) {
        if (!into.fits(layout)) {
            throw new IllegalArgumentException("loudness meter: snapshot for " + into.layout()
                    + " rejected (allowed: a snapshot for this meter's " + layout + ")");
        }
        for (;;) {
            long stamp = publishing.tryOptimisticRead();
            if (stamp != 0) {
                into.copyFrom(published);
                if (publishing.validate(stamp)) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** A new snapshot with the current readings (allocates; for readers that keep none). */
    public LoudnessSnapshot snapshot() {
        LoudnessSnapshot s = new LoudnessSnapshot(layout);
        read(s);
        return s;
    }

    /**
     * Starts all measurements afresh (integrated loudness, maxima, windows, filter states).
     * Any thread: takes effect at the start of the next {@link #feed}, which publishes the
     * cleared readings before measuring.
     */
    public void reset() {
        resetRequested = true;
    }

    private void clear() {
        for (int c = 0; c < channels; c++) {
            x1[c] = x2[c] = y1[c] = y2[c] = z1[c] = z2[c] = 0;
            energy[c] = peak[c] = peakTrue[c] = maxPeak[c] = maxTruePeak[c] = 0;
            Arrays.fill(energyRing[c], 0);
            Arrays.fill(peakRing[c], 0);
            Arrays.fill(truePeakRing[c], 0);
        }
        for (GatingHistogram h : gating) {
            h.reset();
        }
        truePeak.reset();
        fill = 0;
        subBlocks = 0;
        publish();
    }

    /** BS.1770 loudness of a weighted mean square: -0.691 + 10·log10(energy); -∞ for 0. */
    static double lufs(double energy) {
        return -0.691 + 10 * Math.log10(energy);
    }

    private static double dbfs(double amplitude) {
        return 20 * Math.log10(amplitude);
    }
}
