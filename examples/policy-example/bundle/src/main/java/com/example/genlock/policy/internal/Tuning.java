package com.example.genlock.policy.internal;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;

/**
 * A checked configuration and the decisions it makes. Immutable, so the completion worker
 * reads a consistent one while a configuration change swaps in another.
 */
record Tuning(int prerollFrames, int targetReadyFrames, int maxReadyFrames, int lateStreakThreshold,
		int maxCatchUpFrames) {

	/** The rate the configured depths are meant for. */
	static final double REFERENCE_RATE = 50.0;

	/**
	 * @throws IllegalArgumentException naming the key, its value and what is allowed
	 */
	Tuning {
		range("prerollFrames", prerollFrames, 2, PlayoutSettings.MAX_DEPTH);
		range("maxReadyFrames", maxReadyFrames, 1, PlayoutSettings.MAX_DEPTH);
		range("targetReadyFrames", targetReadyFrames, 1, maxReadyFrames);
		range("lateStreakThreshold", lateStreakThreshold, 1, 64);
		range("maxCatchUpFrames", maxCatchUpFrames, 0, prerollFrames);
	}

	static Tuning of(Config c) {
		return new Tuning(c.prerollFrames(), c.targetReadyFrames(), c.maxReadyFrames(), c.lateStreakThreshold(),
				c.maxCatchUpFrames());
	}

	private static void range(String key, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					"'" + key + "' = " + value + " is not allowed: it must be " + min + " to " + max);
		}
	}

	/**
	 * The depths scaled by the format's rate against {@value #REFERENCE_RATE} frames/s, so a
	 * channel keeps about the same time buffered at any rate: never fewer than 2 frames of
	 * preroll and 1 ready; a pool with 2 slots beyond the minimum for a pipelined renderer.
	 */
	PlayoutSettings settings(VideoFormat format) {
		double scale = format.frameRate().toDouble() / REFERENCE_RATE;
		int preroll = Math.min(PlayoutSettings.MAX_DEPTH, Math.max(2, (int) Math.ceil(prerollFrames * scale)));
		int maxReady = Math.min(PlayoutSettings.MAX_DEPTH, Math.max(1, (int) Math.ceil(maxReadyFrames * scale)));
		int target = Math.min(maxReady, Math.max(1, (int) Math.ceil(targetReadyFrames * scale)));
		int catchUp = Math.min(preroll, maxCatchUpFrames);
		int pool = PlayoutSettings.minimumPoolSize(preroll, maxReady, 1) + 2;
		return new PlayoutSettings(pool, preroll, target, maxReady, 1, catchUp, false, 0);
	}

	/**
	 * After a streak of late or dropped frames at least the threshold long: degraded, and skip
	 * the frames the scheduling lags behind the preroll (the settings' cap applies). Once a
	 * frame completes in time with the lead back within a frame of the preroll: recovered.
	 * Allocates nothing.
	 */
	void decide(CompletionObservation in, RecoveryDecision out) {
		int preroll = in.settings().prerollFrames();
		long lag = Math.max(0, preroll - in.scheduledLead());
		if (in.dropStreak() >= lateStreakThreshold) {
			out.degraded(true).reason(RecoveryReason.DROP_STREAK).catchUpFrames(catchUp(lag, in));
		} else if (in.lateStreak() >= lateStreakThreshold) {
			out.degraded(true).reason(RecoveryReason.LATE_STREAK).catchUpFrames(catchUp(lag, in));
		} else if (out.degraded() && in.result() == CompletionResult.COMPLETED && lag <= 1) {
			out.degraded(false).reason(RecoveryReason.RECOVERED);
		}
	}

	private static int catchUp(long lag, CompletionObservation in) {
		return (int) Math.min(lag, in.settings().maxCatchUpFrames());
	}
}
