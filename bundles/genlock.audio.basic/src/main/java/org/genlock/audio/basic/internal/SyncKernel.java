package org.genlock.audio.basic.internal;

import java.util.Arrays;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.Rational;
import org.genlock.api.video.Timecode;

/**
 * The audio half of the lip-sync pattern: a tone burst lasting exactly one frame, once a
 * second, on the same frames as the {@code flash} shader's white frame.
 *
 * <h2>The rule</h2> At frame rate {@code R = num/den}, the burst frames are the display
 * indices {@code i} with {@code i mod P == 0}, {@code P} the nominal rate (R rounded half
 * up, {@link org.genlock.api.video.Timecode#nominalRate}: 25, 50, 30 at 29.97, 60 at 59.94);
 * the flash shader lights exactly those frames. A frame's audio is the samples
 * {@code [off(i), off(i + 1))} with {@code off(i) = floor(i · rate · den / num)}, which is
 * {@link org.genlock.api.video.FrameTime#audioSampleOffset}: so the burst starts on the first
 * sample of the flash frame and ends on its last, at every rate, with no drift.
 *
 * <h2>The rate</h2> No rule on sample numbers alone finds frame boundaries at every rate (a
 * burst frame starts at sample 48000·k at 25 and 50 but at 48048·k at 29.97 and 59.94), so
 * the kernel takes the channel's frame rate from the backend (the {@link FrameTime} variant of
 * {@code generate}): {@code sync} with no parameters is right on every channel. {@code fps}
 * (the nominal rate, 1..240; 0, the default, means the channel's) and {@code fractional}
 * override it, for callers that give no rate (then 0 means 50p) or a deliberately
 * different pattern.
 *
 * <h2>The burst</h2> A sine of {@code freq} Hz at {@code level} dBFS on every channel, its
 * phase 0 on the burst frame's first sample (a rising zero crossing at the frame
 * boundary, whatever the rate), silence on all other frames. Pure function of the sample
 * number: the sample range is reduced modulo a whole cycle of {@code lcm(P, cadence)}
 * frames, so the arithmetic stays small and exact however large the sample number.
 */
final class SyncKernel implements AudioKernel {

	static final int FREQ = 0;
	static final int LEVEL = 1;
	static final int FPS = 2;
	static final int FRACTIONAL = 3;

	@Override
	public void generate(ParameterValues parameters, long firstSample, int count, int channels, int sampleRate,
			float[][] out) {
		long fps = parameters.getLong(FPS);
		generate(parameters, fps == 0 ? 50 : fps, fps != 0 && parameters.getBoolean(FRACTIONAL), firstSample, count,
				channels, sampleRate, out);
	}

	@Override
	public void generate(ParameterValues parameters, FrameTime frameTime, long firstSample, int count, int channels,
			int sampleRate, float[][] out) {
		long fps = parameters.getLong(FPS);
		boolean fractional = parameters.getBoolean(FRACTIONAL);
		if (fps == 0) {
			Rational rate = frameTime.frameRate();
			fps = Timecode.nominalRate(rate);
			fractional = rate.denominator() == 1001;
		}
		generate(parameters, fps, fractional, firstSample, count, channels, sampleRate, out);
	}

	private void generate(ParameterValues parameters, long fps, boolean fractional, long firstSample, int count,
			int channels, int sampleRate, float[][] out) {
		Sine.checkRate(sampleRate);
		if (count == 0) {
			return;
		}
		int freq = (int) parameters.getLong(FREQ);
		float amplitude = Sine.gain(parameters.getDouble(LEVEL));
		// frame i starts at sample floor(i * a / b): a / b samples per frame
		long a = fractional ? sampleRate * 1001L : sampleRate;
		long b = fractional ? fps * 1000 : fps;
		long cadence = b / gcd(a, b); // frames until the samples per frame repeat
		long frames = fps / gcd(fps, cadence) * cadence; // a cycle starting on a burst frame
		// whole, as frames is a multiple of the cadence; every product below is at most frames * a
		long cycle = Math.multiplyExact(frames, a) / b;
		float[] left = out[0];
		long s = firstSample;
		int k = 0;
		while (k < count) {
			long base = s - Math.floorMod(s, cycle);
			long m = s - base;
			long frame = ((m + 1) * b - 1) / a; // the last frame starting at or before m
			long start = frame * a / b;
			long next = (frame + 1) * a / b;
			int len = (int) Math.min(count - k, next - m);
			if (frame % fps == 0) {
				Sine.fill(left, k, len, s, base + start, freq, sampleRate, amplitude);
			} else {
				Arrays.fill(left, k, k + len, 0f);
			}
			k += len;
			s += len;
		}
		Sine.copyToAll(out, count, channels);
	}

	private static long gcd(long x, long y) {
		while (y != 0) {
			long t = x % y;
			x = y;
			y = t;
		}
		return x;
	}
}
