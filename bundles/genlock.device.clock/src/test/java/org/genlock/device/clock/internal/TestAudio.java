package org.genlock.device.clock.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.AudioBuffer;

/**
 * A frame's audio for tests: a direct little-endian buffer with a known signal, 24 significant
 * bits in each int32 like the backend's. Its capacity is larger than the samples, as a pool
 * slot's is, and a sentinel after them must never reach a file.
 */
final class TestAudio implements AudioBuffer {

    private final int channels;
    private final int sampleCount;
    private final long firstSample;
    private final ByteBuffer samples;

    private TestAudio(int channels, int sampleCount, long firstSample) {
        this.channels = channels;
        this.sampleCount = sampleCount;
        this.firstSample = firstSample;
        int bytes = sampleCount * channels * BYTES_PER_SAMPLE;
        this.samples = ByteBuffer.allocateDirect(bytes + 64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = bytes; i < samples.capacity(); i++) {
            samples.put(i, (byte) 0x5A);
        }
    }

    /**
     * A ramp that differs per channel and never repeats within a day: sample {@code s} of
     * channel {@code c} is {@code ((s * 37 + c * 1_000_003) mod 2^24 - 2^23) << 8}.
     */
    static TestAudio ramp(int channels, int sampleCount, long firstSample) {
        TestAudio a = new TestAudio(channels, sampleCount, firstSample);
        for (int k = 0; k < sampleCount; k++) {
            for (int c = 0; c < channels; c++) {
                a.samples.putInt((k * channels + c) * BYTES_PER_SAMPLE, value(firstSample + k, c));
            }
        }
        return a;
    }

    /** The ramp's value of absolute sample {@code s}, channel {@code c}. */
    static int value(long s, int c) {
        long v = Math.floorMod(s * 37 + c * 1_000_003L, 1 << 24) - (1 << 23);
        return (int) v << 8;
    }

    /** The samples as a file holds them. */
    byte[] bytes() {
        byte[] b = new byte[byteCount()];
        samples.get(0, b);
        return b;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int sampleCount() {
        return sampleCount;
    }

    @Override
    public long firstSample() {
        return firstSample;
    }

    @Override
    public ByteBuffer samples() {
        return samples;
    }
}
