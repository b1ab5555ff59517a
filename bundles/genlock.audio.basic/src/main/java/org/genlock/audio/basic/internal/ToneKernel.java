package org.genlock.audio.basic.internal;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.shader.ParameterValues;

/**
 * One sine on every channel, the same on each: {@code 10^(level/20) · sin(2π · freq · s / rate)}
 * for absolute sample {@code s}. The phase is {@code (s · freq) mod rate} in integer arithmetic,
 * so a frame's samples depend on nothing but its first sample number: exact after days, and
 * continuous however the engine splits the sample range into calls.
 */
final class ToneKernel implements AudioKernel {

	static final int FREQ = 0;
	static final int LEVEL = 1;

	@Override
	public void generate(ParameterValues parameters, long firstSample, int count, int channels, int sampleRate,
			float[][] out) {
		Sine.checkRate(sampleRate);
		if (count == 0) {
			return;
		}
		int freq = (int) parameters.getLong(FREQ);
		float amplitude = Sine.gain(parameters.getDouble(LEVEL));
		Sine.fill(out[0], 0, count, firstSample, 0, freq, sampleRate, amplitude);
		Sine.copyToAll(out, count, channels);
	}
}
