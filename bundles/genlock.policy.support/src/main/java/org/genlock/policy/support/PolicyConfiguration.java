package org.genlock.policy.support;

import java.math.BigInteger;

import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.video.Rational;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigCheck;

/**
 * A validated policy configuration: the settings at the reference rate, how they scale to a
 * format, and the recovery tuning. Immutable, swapped in whole.
 *
 * <h2>Frame-rate scaling</h2> Buffers absorb timing jitter, which is measured in
 * milliseconds, not frames. With {@code scaleWithFrameRate} the configured preroll and ready
 * depths are the depths at {@value #REFERENCE_FPS} fps and above; a slower format gets
 * {@code ceil(depth * rate / 50)} frames, so it keeps about the same time in hand with less
 * latency: the standard preroll of 4 frames (80 ms at 50p, 67 ms at 59.94p) becomes 2 at 25p
 * (80 ms), 2 at 23.98p (83 ms) and 3 at 29.97p (100 ms). Preroll is never scaled below 2
 * frames (unless configured lower): one frame scheduled ahead leaves no margin at all.
 * Faster formats are not scaled up, so a configured explicit pool size stays valid at every
 * rate and "4" never silently becomes 10 at 120p. Spare buffers and the catch-up cap are
 * counts of frames, not time, and are not scaled. An automatic pool is recomputed from the
 * scaled depths.
 *
 * @param parameters the configuration as entered
 * @param reference  the settings at {@value #REFERENCE_FPS} fps and above
 * @param tuning     the recovery tuning
 */
public record PolicyConfiguration(PolicyParameters parameters, PlayoutSettings reference, RecoveryTuning tuning) {

	/** The frame rate the configured depths are meant for. */
	public static final int REFERENCE_FPS = 50;
	/** The smallest preroll scaling produces. */
	public static final int MIN_SCALED_PREROLL = 2;

	private static final Rational REFERENCE_RATE = Rational.of(REFERENCE_FPS);

	/**
	 * Returns the settings for a format.
	 *
	 * @param format the channel's format
	 * @return the reference settings, or the scaled ones for a format slower than
	 *         {@value #REFERENCE_FPS} fps
	 */
	public PlayoutSettings settingsFor(VideoFormat format) {
		Rational rate = format.frameRate();
		if (!parameters.scaleWithFrameRate() || rate.compareTo(REFERENCE_RATE) >= 0) {
			return reference;
		}
		int preroll = Math.max(scale(parameters.prerollFrames(), rate),
				Math.min(parameters.prerollFrames(), MIN_SCALED_PREROLL));
		int targetReady = scale(parameters.targetReadyFrames(), rate);
		int maxReady = scale(parameters.maxReadyFrames(), rate);
		int maxHeadroom = scale(parameters.maxHeadroomFrames(), rate);
		int pool = parameters.framePoolSize() == PolicyParameters.AUTO_POOL
				? PolicyParameters.autoPoolSize(preroll, maxReady, parameters.minSpareDeviceBuffers())
				: parameters.framePoolSize();
		// scaling only shrinks depths monotonically, so settings valid at the reference stay valid
		return parameters.settings(ConfigCheck.of("(scaled for " + format.name() + ")"), pool, preroll, targetReady,
				maxReady, maxHeadroom);
	}

	/** Returns {@code ceil(frames * rate / 50)}, exactly (a rational's terms may be large). */
	static int scale(int frames, Rational rate) {
		BigInteger numerator = BigInteger.valueOf(frames).multiply(BigInteger.valueOf(rate.numerator()));
		BigInteger denominator = BigInteger.valueOf(rate.denominator()).multiply(BigInteger.valueOf(REFERENCE_FPS));
		BigInteger[] qr = numerator.divideAndRemainder(denominator);
		return qr[0].intValueExact() + (qr[1].signum() > 0 ? 1 : 0);
	}
}
