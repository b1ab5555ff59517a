package org.genlock.api.telemetry;

import java.time.Instant;

import org.genlock.api.playout.RecoveryReason;

/**
 * A recovery decision that changed something (catch-up, headroom or degraded state).
 *
 * @param channelId         the channel
 * @param completedIndex    the display index whose completion triggered it
 * @param scheduledIndex    the highest scheduled index at that time
 * @param measuredLagFrames how far behind the device clock scheduling was, in frames
 * @param catchUpFrames     display indices skipped, after capping
 * @param lateStreak        consecutive late completions
 * @param dropStreak        consecutive dropped completions
 * @param reason            why
 * @param time              when
 */
public record RecoveryObservation(String channelId, long completedIndex, long scheduledIndex, long measuredLagFrames,
		int catchUpFrames, int lateStreak, int dropStreak, RecoveryReason reason, Instant time)
		implements Observation {

	/**
	 * Validates.
	 *
	 * @param channelId the channel
	 * @param completedIndex the display index whose completion triggered it
	 * @param scheduledIndex the highest scheduled index at that time
	 * @param measuredLagFrames how far behind the device clock scheduling was, in frames
	 * @param catchUpFrames display indices skipped, after capping
	 * @param lateStreak consecutive late completions
	 * @param dropStreak consecutive dropped completions
	 * @param reason why
	 * @param time when
	 * @throws IllegalArgumentException if a field is missing or negative
	 */
	public RecoveryObservation {
		Checks.common("RecoveryObservation", channelId, time);
		Checks.notNull("RecoveryObservation", channelId, "reason", reason);
		if (catchUpFrames < 0 || lateStreak < 0 || dropStreak < 0) {
			throw new IllegalArgumentException("RecoveryObservation of channel " + channelId + ": catchUpFrames "
					+ catchUpFrames + ", lateStreak " + lateStreak + " and dropStreak " + dropStreak + " must be >= 0");
		}
	}

	@Override
	public String topic() {
		return Topics.RECOVERY;
	}
}
