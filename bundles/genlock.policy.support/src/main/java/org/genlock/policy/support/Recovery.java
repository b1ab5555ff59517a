package org.genlock.policy.support;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;

/**
 * The measured late/drop recovery decision (phase 7, step 6), shared by the policies: it
 * replaces a fixed skip-ahead with a catch-up computed from the scheduled lead and the ready
 * depth, and raises or releases adaptive headroom.
 *
 * <h2>No per-channel memory</h2> One policy instance may serve several channels, on several
 * completion workers at once, and is never told which channel a completion belongs to. So
 * the decision is a pure function of the observation, the decision's incoming degraded
 * state and the tuning: streaks, lead, depths and the ready target all come from the backend.
 * Where memory would be natural (a "long clean run" before releasing headroom), the decision
 * samples instead: it releases one frame of headroom only on display indices that are a
 * multiple of {@link RecoveryTuning#headroomReleaseFrames()} and only when that completion
 * shows the channel healthy with its ready queue at the raised target.
 *
 * <h2>Measured lag</h2> With lead {@code L = scheduledLead} and preroll {@code P}, the
 * schedule is {@code P - L} frames behind the lead it should keep. Of those,
 * {@code overdue = max(0, 1 - L)} are display indices at or behind the device clock: any
 * frame scheduled there airs late, so they must be skipped. The rest can be refilled by
 * scheduling frames already in the ready queue; only the part the queue cannot cover,
 * {@code P - L - readyDepth}, is skipped as well. The {@link CatchUpPace} then spreads or
 * concentrates the skip, and {@link PlayoutSettings#maxCatchUpFrames()} caps it.
 *
 * <p>Never allocates, blocks or throws for any observation the API allows.
 */
public final class Recovery {

	private Recovery() {
	}

	/**
	 * Fills {@code out} for one completion.
	 *
	 * <ol>
	 * <li>{@code FLUSHED}: nothing (playback stopping, nothing was measured).</li>
	 * <li>A drop streak, a late streak or a low lead (checked in that order, which is the
	 * reason reported): catch up by the measured lag, mark degraded, and for the streaks raise
	 * adaptive headroom by one.</li>
	 * <li>The ready queue is starved ({@link #queueStarved}) and the lead below preroll: raise
	 * adaptive headroom by one ({@code QUEUE_PRESSURE}); nothing airs late yet, so no skip and
	 * no degraded.</li>
	 * <li>A clean completion with a healthy lead: leave degraded ({@code RECOVERED}) unless the
	 * ready queue is starved, and release one frame of raised headroom when the sampling rule
	 * above allows.</li>
	 * </ol>
	 *
	 * @param in     what the backend measured
	 * @param out    the decision, reset by the backend to no action
	 * @param tuning the policy's thresholds
	 */
	public static void decide(CompletionObservation in, RecoveryDecision out, RecoveryTuning tuning) {
		CompletionResult result = in.result();
		if (result == CompletionResult.FLUSHED) {
			return;
		}
		PlayoutSettings settings = in.settings();
		int preroll = settings.prerollFrames();
		long lead = in.scheduledLead();
		// a threshold at or above preroll would call every frame "low" once a format scaled preroll down
		int lowLead = Math.min(tuning.lowLeadFrames(), preroll - 1);

		RecoveryReason trouble = in.dropStreak() >= tuning.dropStreakThreshold() ? RecoveryReason.DROP_STREAK
				: in.lateStreak() >= tuning.lateStreakThreshold() ? RecoveryReason.LATE_STREAK
						: lead <= lowLead ? RecoveryReason.LEAD_LOW : RecoveryReason.NONE;
		if (trouble != RecoveryReason.NONE) {
			int catchUp = catchUpFrames(preroll, lead, in.readyDepth(), tuning.pace(), settings.maxCatchUpFrames());
			out.catchUpFrames(catchUp).degraded(true).reason(trouble);
			if (trouble != RecoveryReason.LEAD_LOW && canRaise(in, settings)) {
				// render further ahead: the streak says production, not just scheduling, fell behind
				out.headroomDelta(1);
			}
			return;
		}
		boolean starved = queueStarved(in);
		if (starved && lead < preroll) {
			if (canRaise(in, settings)) {
				out.headroomDelta(1).reason(RecoveryReason.QUEUE_PRESSURE);
			}
			return;
		}
		if (result != CompletionResult.COMPLETED || in.lateStreak() != 0 || in.dropStreak() != 0
				|| lead < healthyLead(preroll, lowLead)) {
			return;
		}
		if (out.degraded() && !starved) {
			out.degraded(false).reason(RecoveryReason.RECOVERED);
		}
		if (settings.adaptiveHeadroom() && in.readyTarget() > settings.targetReadyFrames()
				&& in.readyDepth() >= in.readyTarget()
				&& Math.floorMod(in.completedIndex(), (long) tuning.headroomReleaseFrames()) == 0) {
			out.headroomDelta(-1).reason(RecoveryReason.RECOVERED);
		}
	}

	/**
	 * Returns the frames to skip for a measured lead; see the class description.
	 *
	 * @param preroll    the preroll in force, {@code >= 1}
	 * @param lead       the scheduled lead, any value
	 * @param readyDepth frames in the ready queue, {@code >= 0}
	 * @param pace       how much of the lag to skip now
	 * @param cap        the most to skip, {@code >= 0}
	 * @return the catch-up, {@code 0..cap}
	 */
	public static int catchUpFrames(int preroll, long lead, int readyDepth, CatchUpPace pace, int cap) {
		// a lead far below zero needs no more than a lead of -MAX_DEPTH; clamping first keeps the arithmetic exact
		long boundedLead = Math.max(lead, -PlayoutSettings.MAX_DEPTH);
		long lag = preroll - boundedLead;
		if (lag <= 0 || cap <= 0) {
			return 0;
		}
		long overdue = Math.max(0, 1 - boundedLead);
		long needed = Math.max(overdue, lag - Math.max(0, readyDepth));
		int neededFrames = (int) Math.min(needed, PlayoutSettings.MAX_DEPTH);
		int overdueFrames = (int) Math.min(overdue, PlayoutSettings.MAX_DEPTH);
		return Math.min(pace.frames(neededFrames, overdueFrames), cap);
	}

	/**
	 * Returns the lead at or above which a completion counts as healthy: within one frame of
	 * preroll (at a completion the frame just aired has left the schedule and its successor
	 * may not be scheduled yet), and always above the low-lead threshold, so there is
	 * hysteresis between entering and leaving degraded.
	 *
	 * @param preroll the preroll in force
	 * @param lowLead the effective low-lead threshold
	 * @return the healthy lead
	 */
	static int healthyLead(int preroll, int lowLead) {
		return Math.max(lowLead + 1, preroll - 1);
	}

	/**
	 * Returns whether the ready queue is emptier than a producer that keeps up leaves it. The
	 * backend observes after scheduling, so the frame just scheduled has already left the
	 * queue: a producer at target {@code T} leaves {@code T - 1} there. With a target of one
	 * frame (the low-latency default) the queue is empty after every completion, so an empty
	 * queue says nothing; counting it as starved kept a DEGRADED channel from ever recovering.
	 *
	 * @param in the observation
	 * @return whether the queue is empty although the target asks for more than one frame
	 */
	static boolean queueStarved(CompletionObservation in) {
		return in.readyDepth() == 0 && in.readyTarget() > 1;
	}

	private static boolean canRaise(CompletionObservation in, PlayoutSettings settings) {
		return settings.adaptiveHeadroom() && in.readyTarget() < settings.readyTargetCeiling();
	}
}
