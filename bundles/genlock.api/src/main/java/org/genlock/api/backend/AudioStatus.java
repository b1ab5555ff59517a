package org.genlock.api.backend;

import java.util.List;
import java.util.Objects;

/**
 * A channel's audio as meters show it: the layout, level per audio channel and loudness per
 * programme group (ITU-R BS.1770-4 / EBU R128), measured on what aired (after fades and
 * fills), plus the engine's audio counters. Levels are in dBFS and loudness in LUFS;
 * {@link Double#NEGATIVE_INFINITY} means digital silence (or no measurement yet).
 *
 * @param channels       audio channels every frame carries; 0 when the channel has no audio
 * @param levels         one per audio channel, in channel order
 * @param loudness       one per programme group (a stereo pair, or the 5.1 group)
 * @param measuredFrames frames the meters have taken in since the channel went on air (counted as they go to
 *                       the device, so a few frames ahead of the aired count)
 * @param kernelErrors   audio source failures (that layer was silent for that frame)
 * @param clippedSamples samples clipped at full scale when the mix was quantised
 * @since 1.3
 */
public record AudioStatus(int channels, List<Level> levels, List<Loudness> loudness, long measuredFrames,
		long kernelErrors, long clippedSamples) {

	/** No audio. */
	public static final AudioStatus NONE = new AudioStatus(0, List.of(), List.of(), 0, 0, 0);

	/** Validates and copies. */
	public AudioStatus {
		if (channels < 0 || channels > 16) {
			throw new IllegalArgumentException("AudioStatus.channels is " + channels + " but must be in 0..16");
		}
		levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
		loudness = List.copyOf(Objects.requireNonNull(loudness, "loudness"));
	}

	/**
	 * One audio channel's level over the meter's momentary window (400 ms).
	 *
	 * @param channel     the audio channel, 1-based
	 * @param samplePeak  the highest sample, dBFS
	 * @param truePeak    the true peak (4x oversampled, BS.1770-4 Annex 2), dBTP
	 */
	public record Level(int channel, double samplePeak, double truePeak) {
	}

	/**
	 * One programme group's loudness.
	 *
	 * @param group      the group's name, e.g. {@code 1/2} for the first stereo pair, {@code 5.1}
	 * @param momentary  momentary loudness (400 ms), LUFS
	 * @param shortTerm  short-term loudness (3 s), LUFS
	 * @param integrated integrated (gated) loudness since the channel went on air, LUFS
	 */
	public record Loudness(String group, double momentary, double shortTerm, double integrated) {
		/** Validates. */
		public Loudness {
			Objects.requireNonNull(group, "group");
		}
	}
}
