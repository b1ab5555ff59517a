package org.genlock.device.clock.internal;

import java.nio.ByteBuffer;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/** A test frame with audio, as a backend slot lends it. */
record AudioFrame(TestFrame video, AudioBuffer audio) implements FrameBuffer {

    /** Frames 0..n-1 whose audio follows the 48 kHz cadence of {@code format}, a ramp over all of them. */
    static AudioFrame[] sequence(int n, VideoFormat format, int channels) {
        AudioFrame[] frames = new AudioFrame[n];
        for (int i = 0; i < n; i++) {
            int count = format.frameTime().audioSamples(i, AudioBuffer.SAMPLE_RATE);
            long first = format.frameTime().audioSampleOffset(i, AudioBuffer.SAMPLE_RATE);
            frames[i] = new AudioFrame(TestFrame.of(i, format).pattern(i), TestAudio.ramp(channels, count, first));
        }
        return frames;
    }

    @Override
    public int slot() {
        return video.slot();
    }

    @Override
    public long generation() {
        return video.generation();
    }

    @Override
    public VideoFormat format() {
        return video.format();
    }

    @Override
    public int rowBytes() {
        return video.rowBytes();
    }

    @Override
    public ByteBuffer pixels() {
        return video.pixels();
    }
}
