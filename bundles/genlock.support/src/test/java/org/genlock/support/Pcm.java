package org.genlock.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Test signals as Genlock frame audio (int32 carrying 24 bits) and feeding them in chunks. */
final class Pcm {

    /** Value of channel {@code channel} at sample {@code n}, full scale ±1. */
    interface Signal {
        double at(int channel, long n);
    }

    private Pcm() {
    }

    /** Quantised as Genlock's generators do: 24 bits, clipped, in the top of an int32. */
    static int quantise(double x) {
        long v = Math.round(x * (1 << 23));
        return (int) Math.max(-(1 << 23), Math.min((1 << 23) - 1, v)) << 8;
    }

    static double amplitude(double dbfs) {
        return Math.pow(10, dbfs / 20);
    }

    /** A 1 kHz sine at {@code dbfs} (peak) on every channel. */
    static Signal sine(double dbfs) {
        double a = amplitude(dbfs);
        return (c, n) -> a * Math.sin(2 * Math.PI * 1000 * n / LoudnessMeter.SAMPLE_RATE);
    }

    /** Segments of a 1 kHz sine on every channel: levels[i] dBFS for seconds[i] seconds. */
    static Signal steps(double[] levels, double[] seconds) {
        long[] ends = new long[levels.length];
        long end = 0;
        for (int i = 0; i < levels.length; i++) {
            end += Math.round(seconds[i] * LoudnessMeter.SAMPLE_RATE);
            ends[i] = end;
        }
        return (c, n) -> {
            int i = 0;
            while (i < ends.length - 1 && n >= ends[i]) {
                i++;
            }
            return amplitude(levels[i]) * Math.sin(2 * Math.PI * 1000 * n / LoudnessMeter.SAMPLE_RATE);
        };
    }

    static long samples(double seconds) {
        return Math.round(seconds * LoudnessMeter.SAMPLE_RATE);
    }

    /** Feeds {@code total} samples of {@code signal} in chunks cycling through {@code chunks}. */
    static void feed(LoudnessMeter meter, Signal signal, long start, long total, int... chunks) {
        int channels = meter.layout().channels();
        int largest = 0;
        for (int chunk : chunks) {
            largest = Math.max(largest, chunk);
        }
        ByteBuffer pcm = ByteBuffer.allocateDirect(largest * channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        long n = start;
        long end = start + total;
        for (int k = 0; n < end; k++) {
            int count = (int) Math.min(chunks[k % chunks.length], end - n);
            fill(pcm, signal, channels, n, count);
            meter.feed(pcm, count);
            n += count;
        }
    }

    static void fill(ByteBuffer pcm, Signal signal, int channels, long first, int count) {
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                pcm.putInt((i * channels + c) * 4, quantise(signal.at(c, first + i)));
            }
        }
    }

    /**
     * 2 channels of programme-like material, interleaved: pink-ish noise from a seeded
     * generator with level changes (a quiet part the relative gate drops, a silent part the
     * absolute gate drops), tones on and off, and 100 ms of an fs/4 tone at 45° whose
     * peaks fall between the samples (true peak -1 dBFS, sample peak -4 dBFS).
     */
    static int[] programme(long seed, int seconds) {
        int total = seconds * LoudnessMeter.SAMPLE_RATE;
        int[] out = new int[total * 2];
        Random random = new Random(seed);
        double[][] pink = new double[2][3];
        for (int n = 0; n < total; n++) {
            double t = (double) n / LoudnessMeter.SAMPLE_RATE;
            double noiseDb = t < 6 ? -30 : t < 12 ? -48 : t < 18 ? -24 : t < 22 ? -200 : -28;
            for (int c = 0; c < 2; c++) {
                double[] b = pink[c];
                // Paul Kellet's economy pink filter: -3 dB/octave from white
                double w = random.nextGaussian();
                b[0] = 0.99765 * b[0] + w * 0.0990460;
                b[1] = 0.96300 * b[1] + w * 0.2965164;
                b[2] = 0.57000 * b[2] + w * 1.0526913;
                double x = (b[0] + b[1] + b[2] + w * 0.1848) * 0.1 * amplitude(noiseDb);
                if (c == 0) {
                    x += t < 10 ? tone(1000, -20, t) : t < 20 ? tone(250, -14, t) : 0;
                } else {
                    x += t >= 5 && t < 15 ? tone(3000, -24, t) : 0;
                    x += t >= 24 && t < 29 ? tone(60, -18, t) : 0;
                }
                if (t >= 26 && t < 26.1) {
                    x = amplitude(-1) * Math.sin(Math.PI / 2 * n + Math.PI / 4);
                }
                out[2 * n + c] = quantise(Math.max(-0.99, Math.min(0.99, x)));
            }
        }
        return out;
    }

    private static double tone(double hz, double dbfs, double t) {
        return amplitude(dbfs) * Math.sin(2 * Math.PI * hz * t);
    }

    /** Feeds interleaved 2-channel samples in chunks cycling through {@code chunks}. */
    static void feed(LoudnessMeter meter, int[] interleaved, int... chunks) {
        int channels = meter.layout().channels();
        int largest = 0;
        for (int chunk : chunks) {
            largest = Math.max(largest, chunk);
        }
        ByteBuffer pcm = ByteBuffer.allocateDirect(largest * channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        int total = interleaved.length / channels;
        for (int k = 0, n = 0; n < total; k++) {
            int count = Math.min(chunks[k % chunks.length], total - n);
            pcm.clear();
            pcm.asIntBuffer().put(interleaved, n * channels, count * channels);
            meter.feed(pcm, count);
            n += count;
        }
    }
}
