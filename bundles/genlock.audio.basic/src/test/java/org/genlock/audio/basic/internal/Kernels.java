package org.genlock.audio.basic.internal;

import java.util.Arrays;
import java.util.Map;

import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ParameterValues;
import org.genlock.shader.support.ResolvedParameters;

/** Calls kernels as the engine does, into freshly poisoned buffers. */
final class Kernels {

	static final int RATE = 48_000;

	private Kernels() {}

	/** Resolves values against a source's declared parameters; fails on any problem. */
	static ParameterValues values(AudioSourceProvider source, Map<String, Object> given) {
		ResolvedParameters r = ResolvedParameters.resolve(source.info(), given);
		if (!r.problems().isEmpty()) {
			throw new AssertionError(r.problems().toString());
		}
		return r;
	}

	/** Planar buffers of {@code length} samples per channel, filled with NaN. */
	static float[][] poisoned(int channels, int length) {
		float[][] out = new float[channels][length];
		for (float[] c : out) {
			Arrays.fill(c, Float.NaN);
		}
		return out;
	}

	/** Samples {@code [first, first + count)} of every channel in one call. */
	static float[][] generate(AudioSourceProvider source, ParameterValues v, long first, int count, int channels) {
		float[][] out = poisoned(channels, count);
		source.kernel().generate(v, first, count, channels, RATE, out);
		return out;
	}

	/** The same samples from two calls split at {@code split}, written into one buffer. */
	static float[][] generateSplit(AudioSourceProvider source, ParameterValues v, long first, int count, int channels,
			int split) {
		float[][] out = poisoned(channels, count);
		float[][] part = poisoned(channels, count);
		source.kernel().generate(v, first, split, channels, RATE, part);
		for (int c = 0; c < channels; c++) {
			System.arraycopy(part[c], 0, out[c], 0, split);
		}
		part = poisoned(channels, count);
		source.kernel().generate(v, first + split, count - split, channels, RATE, part);
		for (int c = 0; c < channels; c++) {
			System.arraycopy(part[c], 0, out[c], split, count - split);
		}
		return out;
	}
}
