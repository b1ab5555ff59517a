package org.genlock.backend.internal;

import java.util.ArrayList;
import java.util.List;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.render.Layer;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.video.FrameTime;
import org.genlock.shader.support.ResolvedParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audio of every frame a run schedules, on the thread that schedules it (the
 * completion worker; the control thread during preroll), just before the device gets the
 * frame:
 * <ul>
 * <li>a fresh frame carries its program's audio layers mixed, generated for its display
 * index (sample time is a function of the index, and kernels are stateless, so the sound is
 * continuous across policy, strategy and renderer swaps and always belongs to the picture it
 * airs with);</li>
 * <li>a fill (repeat, black, slate) carries silence: the first fill after fresh audio fades
 * the program out over {@value #RAMP} samples (5 ms, raised cosine), and the first fresh
 * frame after fills fades it back in, so an underrun never clicks;</li>
 * <li>when a program swap changes the audio layers, the first frame of the new program
 * cross-fades from the old over the same ramp.</li>
 * </ul>
 * Samples are mixed in float with headroom and quantised once to 24 bits in int32. Nothing
 * here allocates per frame: the buses are sized once for the run; layers are resolved once
 * per program or source change.
 */
final class ProgramAudio {

	/** Fade and cross-fade length: 5 ms at 48 kHz. */
	static final int RAMP = 240;
	private static final float FULL_SCALE = 8_388_608f; // 2^23: 24 significant bits
	private static final float[] UP = new float[RAMP];

	static {
		for (int k = 0; k < RAMP; k++) {
			UP[k] = (float) (0.5 - 0.5 * Math.cos(Math.PI * (k + 0.5) / RAMP));
		}
	}

	private static final Logger LOG = LoggerFactory.getLogger(ProgramAudio.class);

	/** A program's audio layers resolved against the sources registered at one generation. */
	private record Resolved(Channel.ProgramBinding binding, long sourcesGeneration, List<Layer> layers,
			AudioKernel[] kernels, ParameterValues[] values, float[] gains) {
	}

	private final String channelId;
	private final FrameTime time;
	private final int channels;
	private final AudioSources sources;
	private final float[][] mix;
	private final float[][] layer;
	private final float[][] old;
	private Resolved current;
	/** The resolved program of the last frame that carried program audio, or {@code null} after a fill. */
	private Resolved lastAired;
	/** Kernel failures and samples clipped at full scale, for status. */
	long kernelErrors;
	long clippedSamples;

	ProgramAudio(String channelId, FrameTime time, int channels, int maxSamples, AudioSources sources) {
		this.channelId = channelId;
		this.time = time;
		this.channels = channels;
		this.sources = sources;
		this.mix = new float[channels][maxSamples];
		this.layer = new float[channels][maxSamples];
		this.old = new float[channels][maxSamples];
	}

	/** A fresh frame: its program's audio, faded in after fills, cross-faded on an audio change. */
	void fresh(OutputFramePool.Slot slot, long index, Channel.ProgramBinding fallback) {
		FrameAudio audio = begin(slot, index);
		if (audio == null) {
			return;
		}
		long first = audio.firstSample();
		int n = audio.sampleCount();
		Resolved r = resolve(slot.program != null ? slot.program : fallback);
		render(r, first, n, mix);
		int ramp = Math.min(n, RAMP);
		if (lastAired == null) {
			for (int c = 0; c < channels; c++) {
				float[] m = mix[c];
				for (int k = 0; k < ramp; k++) {
					m[k] *= UP[k];
				}
			}
		} else if (lastAired != r && !lastAired.layers().equals(r.layers())) {
			render(lastAired, first, ramp, old);
			for (int c = 0; c < channels; c++) {
				float[] m = mix[c];
				float[] o = old[c];
				for (int k = 0; k < ramp; k++) {
					m[k] = o[k] + (m[k] - o[k]) * UP[k];
				}
			}
		}
		write(audio, n);
		lastAired = r;
	}

	/** A fill: silence, after a fade-out of the program if the frame before carried it. */
	void fill(OutputFramePool.Slot slot, long index) {
		FrameAudio audio = begin(slot, index);
		if (audio == null) {
			return;
		}
		long first = audio.firstSample();
		int n = audio.sampleCount();
		int ramp = 0;
		if (lastAired != null) {
			ramp = Math.min(n, RAMP);
			render(lastAired, first, ramp, mix);
			for (int c = 0; c < channels; c++) {
				float[] m = mix[c];
				for (int k = 0; k < ramp; k++) {
					m[k] *= UP[RAMP - 1 - k];
				}
			}
		}
		for (int c = 0; c < channels; c++) {
			java.util.Arrays.fill(mix[c], ramp, n, 0f);
		}
		write(audio, n);
		lastAired = null;
	}

	/** The slot's audio set to the samples of display index {@code index}, or {@code null} without audio. */
	private FrameAudio begin(OutputFramePool.Slot slot, long index) {
		FrameAudio audio = slot.frameAudio();
		if (audio != null) {
			audio.frame(time.audioSampleOffset(index, AudioBuffer.SAMPLE_RATE),
					time.audioSamples(index, AudioBuffer.SAMPLE_RATE));
		}
		return audio;
	}

	/** Sums the resolved layers' samples {@code [first, first + n)} into {@code out}. */
	private void render(Resolved r, long first, int n, float[][] out) {
		for (int c = 0; c < channels; c++) {
			java.util.Arrays.fill(out[c], 0, n, 0f);
		}
		for (int i = 0; i < r.kernels().length; i++) {
			AudioKernel kernel = r.kernels()[i];
			if (kernel == null) {
				continue; // source absent: silence for this layer
			}
			try {
				kernel.generate(r.values()[i], time, first, n, channels, AudioBuffer.SAMPLE_RATE, layer);
			} catch (RuntimeException e) {
				kernelErrors++;
				continue;
			}
			float gain = r.gains()[i];
			for (int c = 0; c < channels; c++) {
				float[] o = out[c];
				float[] l = layer[c];
				for (int k = 0; k < n; k++) {
					o[k] += l[k] * gain;
				}
			}
		}
	}

	/** Quantises the mix once to 24 bits in int32, interleaved, clipping at full scale. */
	private void write(FrameAudio audio, int n) {
		java.nio.ByteBuffer b = audio.samples();
		int ch = channels;
		for (int c = 0; c < ch; c++) {
			float[] m = mix[c];
			int at = c * AudioBuffer.BYTES_PER_SAMPLE;
			int step = ch * AudioBuffer.BYTES_PER_SAMPLE;
			for (int k = 0; k < n; k++, at += step) {
				int v = Math.round(m[k] * FULL_SCALE);
				if (v > 8_388_607) {
					v = 8_388_607;
					clippedSamples++;
				} else if (v < -8_388_608) {
					v = -8_388_608;
					clippedSamples++;
				}
				b.putInt(at, v << 8);
			}
		}
	}

	/** The program's audio layers resolved against the current sources: cached until either changes. */
	private Resolved resolve(Channel.ProgramBinding binding) {
		AudioSources.Snapshot s = sources.snapshot();
		Resolved r = current;
		if (r != null && r.binding() == binding && r.sourcesGeneration() == s.generation()) {
			return r;
		}
		if (r != null && r.sourcesGeneration() == s.generation() && r.layers().equals(binding.program().audio())) {
			r = new Resolved(binding, s.generation(), r.layers(), r.kernels(), r.values(), r.gains());
			current = r;
			return r; // a program change that left the audio alone
		}
		List<Layer> layers = binding.program().audio();
		AudioKernel[] kernels = new AudioKernel[layers.size()];
		ParameterValues[] values = new ParameterValues[layers.size()];
		float[] gains = new float[layers.size()];
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < layers.size(); i++) {
			Layer l = layers.get(i);
			AudioSourceProvider source = s.byId().get(l.shaderId());
			if (source == null || !l.enabled()) {
				if (l.enabled()) {
					problems.add("audio source '" + l.shaderId() + "' is not registered (registered: "
							+ s.byId().keySet().stream().sorted().toList() + "); the layer is silent");
				}
				continue;
			}
			try {
				ResolvedParameters p = ResolvedParameters.resolve(source.info(), l.parameters());
				problems.addAll(p.problems());
				values[i] = p;
				kernels[i] = source.kernel();
				gains[i] = l.opacity();
			} catch (RuntimeException e) {
				problems.add("audio source '" + l.shaderId() + "' failed to describe itself: " + e);
			}
		}
		if (!problems.isEmpty() && (current == null || current.binding().generation() != binding.generation())) {
			LOG.warn("channel {}: program generation {}: {}", channelId, binding.generation(), String.join("; ", problems));
		}
		r = new Resolved(binding, s.generation(), layers, kernels, values, gains);
		current = r;
		return r;
	}
}
