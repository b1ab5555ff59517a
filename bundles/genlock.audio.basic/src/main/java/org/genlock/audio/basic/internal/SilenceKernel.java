package org.genlock.audio.basic.internal;

import java.util.Arrays;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.shader.ParameterValues;

/** Digital silence: every sample of every channel is 0. */
final class SilenceKernel implements AudioKernel {

	@Override
	public void generate(ParameterValues parameters, long firstSample, int count, int channels, int sampleRate,
			float[][] out) {
		Sine.checkRate(sampleRate);
		for (int c = 0; c < channels; c++) {
			Arrays.fill(out[c], 0, count, 0f);
		}
	}
}
