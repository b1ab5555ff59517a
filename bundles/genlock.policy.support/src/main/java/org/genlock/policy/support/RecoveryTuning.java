package org.genlock.policy.support;

/**
 * The recovery thresholds of a policy, validated by {@link PolicyParameters#check}.
 *
 * @param lateStreakThreshold   consecutive late completions that count as a streak, {@code >= 1}
 * @param dropStreakThreshold   consecutive dropped completions that count as a streak, {@code >= 1}
 * @param lowLeadFrames         a scheduled lead at or below this is too close to the device
 *                              clock, {@code >= 0} (used as at most {@code prerollFrames - 1})
 * @param headroomReleaseFrames adaptive headroom is given back at most once per this many
 *                              display indices, {@code >= 1}
 * @param pace                  how much of the measured lag one decision skips
 */
public record RecoveryTuning(int lateStreakThreshold, int dropStreakThreshold, int lowLeadFrames,
		int headroomReleaseFrames, CatchUpPace pace) {
}
