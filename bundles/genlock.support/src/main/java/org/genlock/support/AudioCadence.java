package org.genlock.support;

/**
 * How many audio samples each video frame carries, exactly, at a rational frame rate.
 * <p>
 * Frame {@code i} carries {@code floor((i+1)*rate*den/num) - floor(i*rate*den/num)} samples, so
 * the sum over any run of frames equals the samples of its exact duration (rounded down at its
 * start and end) and never drifts: 1920 per frame at 25/1, 960 at 50/1, 1601/1602 summing to
 * 8008 every 5 frames at 30000/1001, 800/801 summing to 4004 every 5 frames at 60000/1001.
 * <p>
 * The pattern repeats every {@code q} frames with {@code p} samples, where {@code p/q} is
 * {@code rate*den/num} reduced; the methods work on the index modulo {@code q}, so they neither
 * overflow nor allocate for any index (the device callback and completion worker may call them).
 * Instances are immutable and thread-safe.
 * <p>
 * In genlock.support (not genlock.api) for now so that it needs no API version bump; issue 15's
 * API work may move it next to {@code FrameTime}.
 */
public final class AudioCadence {

    /** Samples per cycle ({@code p}). */
    private final long cycleSamples;
    /** Frames per cycle ({@code q}). */
    private final long cycleFrames;
    private final int maxSamplesPerFrame;

    private AudioCadence(long cycleSamples, long cycleFrames) {
        this.cycleSamples = cycleSamples;
        this.cycleFrames = cycleFrames;
        // ceil(p/q): the largest frame of the cadence
        this.maxSamplesPerFrame = Math.toIntExact((cycleSamples + cycleFrames - 1) / cycleFrames);
    }

    /**
     * @param sampleRate      audio samples per second, e.g. 48000; {@code > 0}
     * @param frameRateNum    frame rate numerator, e.g. 30000; {@code > 0}
     * @param frameRateDen    frame rate denominator, e.g. 1001; {@code > 0}
     * @throws IllegalArgumentException naming the bad value and the allowed range
     */
    public static AudioCadence of(int sampleRate, long frameRateNum, long frameRateDen) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("audio sample rate is " + sampleRate + " but must be > 0 (e.g. 48000)");
        }
        if (frameRateNum <= 0 || frameRateDen <= 0) {
            throw new IllegalArgumentException("frame rate is " + frameRateNum + "/" + frameRateDen
                    + " but numerator and denominator must both be > 0 (e.g. 30000/1001)");
        }
        // samples per frame = sampleRate * den / num, reduced to p/q
        long g1 = gcd(sampleRate, frameRateNum);
        long g2 = gcd(frameRateDen, frameRateNum / g1);
        long p = Math.multiplyExact(sampleRate / g1, frameRateDen / g2);
        long q = (frameRateNum / g1) / g2;
        if (p < q) {
            throw new IllegalArgumentException("frame rate " + frameRateNum + "/" + frameRateDen
                    + " is faster than the audio sample rate " + sampleRate + ": a frame would carry no sample");
        }
        return new AudioCadence(p, q);
    }

    /** Samples carried by frame {@code index} (any long, negative too). */
    public int samplesInFrame(long index) {
        long r = Math.floorMod(index, cycleFrames);
        return (int) (startInCycle(r + 1) - startInCycle(r));
    }

    /**
     * The first sample of frame {@code index}, counted from frame 0's first sample:
     * {@code floor(index*p/q)}, i.e. the sum of {@link #samplesInFrame} over frames 0..index-1.
     *
     * @throws ArithmeticException if the count does not fit a long
     */
    public long sampleOffset(long index) {
        long cycles = Math.floorDiv(index, cycleFrames);
        long r = Math.floorMod(index, cycleFrames);
        return Math.addExact(Math.multiplyExact(cycles, cycleSamples), startInCycle(r));
    }

    /** The most samples any frame carries: the size of a per-frame buffer, per audio channel. */
    public int maxSamplesPerFrame() {
        return maxSamplesPerFrame;
    }

    /** Frames after which the cadence repeats (5 at 30000/1001 and 60000/1001, 1 at 25 and 50). */
    public long cycleFrames() {
        return cycleFrames;
    }

    /** Samples in one cycle of {@link #cycleFrames} frames (8008 at 30000/1001). */
    public long cycleSamples() {
        return cycleSamples;
    }

    private long startInCycle(long r) {
        // r <= q and p/q <= sampleRate, so r*p <= q*p stays below 2^63 for any sane rate;
        // multiplyExact turns an absurd one into a clear exception instead of a wrong count.
        return Math.multiplyExact(r, cycleSamples) / cycleFrames;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String toString() {
        return cycleSamples + " samples per " + cycleFrames + " frame" + (cycleFrames == 1 ? "" : "s");
    }
}
