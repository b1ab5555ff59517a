package org.genlock.api.audio;

import org.genlock.api.shader.ParameterValues;
import org.genlock.api.video.FrameTime;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Generates a source's samples as a pure function of the parameters and the absolute sample
 * number. Stateless: {@code generate} for samples {@code [first, first + count)} gives the
 * same values whichever calls came before, so a sine must take its phase from
 * {@code firstSample} (modulo its period, in integer arithmetic, so it stays exact over days)
 * and never accumulate it.
 *
 * <p>Called on a channel's completion worker thread, once per aired frame: must not block,
 * lock or allocate, and should cost well under a millisecond for 16 channels of a frame.
 */
@ConsumerType
public interface AudioKernel {

	/**
	 * Writes {@code count} samples for each of {@code channels} channels into
	 * {@code out[channel][0..count)}, as floats where ±1.0 is full scale (0 dBFS). Values
	 * outside ±1 are clipped by the backend. Every element in that range must be written.
	 *
	 * @param parameters  the layer's values, resolved against {@link AudioSourceProvider#info()}
	 * @param firstSample the absolute sample number (48 kHz since display index 0) of
	 *                    {@code out[c][0]}
	 * @param count       samples per channel, {@code 0 <= count <= out[c].length}
	 * @param channels    channels to write, {@code 1 <= channels <= out.length}
	 * @param sampleRate  samples per second (48000)
	 * @param out         planar output, one array per channel
	 */
	void generate(ParameterValues parameters, long firstSample, int count, int channels, int sampleRate,
			float[][] out);

	/**
	 * The same, for a channel at a known frame rate: what the backend calls. A source whose
	 * sound follows the picture's frames (a lip-sync burst on the frame of a flash) overrides
	 * it to find frame boundaries with
	 * {@link FrameTime#audioSampleOffset(long, int)}; the default ignores the rate.
	 *
	 * @param parameters  the layer's values
	 * @param frameTime   the channel's frame rate
	 * @param firstSample the absolute sample number of {@code out[c][0]}
	 * @param count       samples per channel
	 * @param channels    channels to write
	 * @param sampleRate  samples per second (48000)
	 * @param out         planar output, one array per channel
	 */
	default void generate(ParameterValues parameters, FrameTime frameTime, long firstSample, int count, int channels,
			int sampleRate, float[][] out) {
		generate(parameters, firstSample, count, channels, sampleRate, out);
	}
}
