package org.genlock.audio.basic.internal;

import java.util.Arrays;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.shader.ParameterValues;

/**
 * The EBU stereo line-up ident: 1 kHz at {@code level} dBFS on every channel, the left
 * channels (1, 3, 5, … counting from 1, that is indices 0, 2, 4, …) silent for 250 ms every
 * 3 s, the right channels (2, 4, 6, …) continuous, so left and right can be told apart and a
 * swapped pair is heard at once.
 *
 * <h2>Source of the timing</h2> EBU Tech 3304 "Multichannel audio line-up tones" (Geneva,
 * May 2009), section 2.1 "Two channel audio identification", defines the stereo line-up
 * tone as having an interruption in the left channel only, lasting 250 ms every 3 s, at
 * the alignment level of -18 dBFS (section 2.2, EBU R 68). The text of section 2.1 was not at
 * hand when this was written; the timing is taken from two places that cite it: the
 * Wikipedia article "GLITS" ("The EBU Technical Document Multichannel Audio Line-up Tone
 * (Tech 3304) defines stereo lineup tone as having an interruption in the left channel only,
 * lasting 250 ms every 3 s"), and M. Black, "BLITS Surround Sound Ident", LINE UP Feb/Mar
 * 2007, p. 16 (the EBU R 49 stereo ident: "1kHz tone, in-phase on both legs, with a single
 * break of 250ms every three seconds on the left leg").
 *
 * <h2>Phase of the cycle</h2> Neither says where in the 3 s the break sits; here it is the
 * first 250 ms of every 3 s counted from sample 0: the left channels are silent for samples
 * {@code s} with {@code s mod (3 · rate) < rate / 4} (at 48 kHz, {@code s mod 144000 <
 * 12000}). A pure function of the sample number, like the tone. At 1 kHz and 48 kHz a break
 * begins and ends on a zero crossing (144000 and 12000 are whole periods of 48 samples), so
 * the gate does not click.
 */
final class LineupKernel implements AudioKernel {

	static final int LEVEL = 0;
	/** The line-up frequency, Hz. */
	static final int FREQ_HZ = 1_000;
	/** The ident's cycle and the left channel's break in it, milliseconds. */
	static final int CYCLE_MS = 3_000;
	static final int BREAK_MS = 250;

	@Override
	public void generate(ParameterValues parameters, long firstSample, int count, int channels, int sampleRate,
			float[][] out) {
		Sine.checkRate(sampleRate);
		if (count == 0) {
			return;
		}
		Sine.fill(out[0], 0, count, firstSample, 0, FREQ_HZ, sampleRate, Sine.gain(parameters.getDouble(LEVEL)));
		Sine.copyToAll(out, count, channels);
		long cycle = (long) sampleRate * CYCLE_MS / 1000;
		long gap = (long) sampleRate * BREAK_MS / 1000;
		long s = firstSample;
		int k = 0;
		while (k < count) {
			long pos = Math.floorMod(s, cycle);
			int len;
			if (pos < gap) {
				len = (int) Math.min(count - k, gap - pos);
				for (int c = 0; c < channels; c += 2) {
					Arrays.fill(out[c], k, k + len, 0f);
				}
			} else {
				len = (int) Math.min(count - k, cycle - pos);
			}
			k += len;
			s += len;
		}
	}
}
