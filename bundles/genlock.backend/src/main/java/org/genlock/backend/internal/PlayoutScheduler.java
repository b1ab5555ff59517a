package org.genlock.backend.internal;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;

/**
 * Scheduling arithmetic of one playout run (phase 7 Steps 2 and 6): the next display index
 * to schedule, the last scheduled and completed indices, late and drop streaks, the
 * effective ready target, and measured recovery. Pure and single-threaded: it belongs to
 * the completion worker (the control thread uses it for preroll before the worker starts
 * scheduling). Allocation-free: the {@link CompletionObservation} and
 * {@link RecoveryDecision} it hands out are reused.
 *
 * <h2>Measured lag</h2> In steady state a completion for index {@code c} arrives while the
 * device shows {@code c + 1} and the schedule reaches {@code c + preroll}, so the scheduled
 * lead is {@code preroll - 1}. Every frame the lead is short of that is a frame of lag:
 * {@code lag = max(0, preroll - 1 - lead)}. Catch-up skips that many indices (capped by
 * {@code maxCatchUpFrames}) so the next scheduled frame is again {@code preroll} ahead.
 */
final class PlayoutScheduler {

	/** Consecutive late completions after which the built-in rule reacts. */
	static final int LATE_STREAK_THRESHOLD = 2;
	/** Consecutive dropped completions after which the built-in rule reacts. */
	static final int DROP_STREAK_THRESHOLD = 1;

	private final Measured observation = new Measured();
	private final Decision decision = new Decision();
	private PlayoutSettings settings;
	private long nextIndex;
	private long lastScheduledIndex = -1;
	private long lastCompletedIndex = -1;
	private int lateStreak;
	private int dropStreak;
	private int readyTarget;
	private long skippedByCatchUp;

	PlayoutScheduler(PlayoutSettings settings) {
		this.settings = settings;
		this.readyTarget = settings.targetReadyFrames();
	}

	/** Starts a new playback at {@code firstIndex}; streaks and indices reset, settings kept. */
	void reset(long firstIndex) {
		nextIndex = firstIndex;
		lastScheduledIndex = firstIndex - 1;
		lastCompletedIndex = firstIndex - 1;
		lateStreak = 0;
		dropStreak = 0;
		readyTarget = settings.targetReadyFrames();
	}

	/** Applies new settings at a frame boundary: the ready target is kept within the new range. */
	void applySettings(PlayoutSettings newSettings) {
		settings = newSettings;
		readyTarget = clamp(readyTarget, newSettings.targetReadyFrames(), newSettings.readyTargetCeiling());
	}

	PlayoutSettings settings() {
		return settings;
	}

	/** The next display index to schedule. */
	long nextIndex() {
		return nextIndex;
	}

	/** Returns the next display index to schedule and advances past it. */
	long takeNextIndex() {
		return nextIndex++;
	}

	/** Records that a frame was scheduled (accepted by the device) for {@code index}. */
	void scheduled(long index) {
		if (index > lastScheduledIndex) {
			lastScheduledIndex = index;
		}
	}

	long lastScheduledIndex() {
		return lastScheduledIndex;
	}

	long lastCompletedIndex() {
		return lastCompletedIndex;
	}

	int lateStreak() {
		return lateStreak;
	}

	int dropStreak() {
		return dropStreak;
	}

	/** The ready depth the render lane on air aims for now (target plus adaptive headroom). */
	int readyTarget() {
		return readyTarget;
	}

	/** Display indices skipped by catch-up so far. */
	long skippedByCatchUp() {
		return skippedByCatchUp;
	}

	/**
	 * Accounts one completion: streaks (a clean completion clears both; a flush changes
	 * neither) and the completed index.
	 */
	void account(CompletionResult result, long completedIndex, long latenessNanos) {
		switch (result) {
			case COMPLETED -> {
				lateStreak = 0;
				dropStreak = 0;
			}
			case DISPLAYED_LATE -> {
				lateStreak++;
				dropStreak = 0;
			}
			case DROPPED -> {
				dropStreak++;
				lateStreak = 0;
			}
			case FLUSHED -> {
				// stopping: says nothing about timing
			}
		}
		if (completedIndex > lastCompletedIndex) {
			lastCompletedIndex = completedIndex;
		}
		observation.result = result;
		observation.completedIndex = completedIndex;
		observation.latenessNanos = latenessNanos;
	}

	/**
	 * Fills the reused observation for the policy after {@link #account} and scheduling.
	 *
	 * @param displayIndexNow the device clock, or -1 if not playing
	 */
	CompletionObservation observe(int readyDepth, int deviceBuffered, long displayIndexNow) {
		Measured o = observation;
		o.scheduledIndex = lastScheduledIndex;
		o.readyDepth = readyDepth;
		o.readyTarget = readyTarget;
		o.deviceBuffered = deviceBuffered;
		long now = displayIndexNow >= 0 ? displayIndexNow : o.completedIndex + 1;
		o.scheduledLead = lastScheduledIndex - now;
		o.lateStreak = lateStreak;
		o.dropStreak = dropStreak;
		o.settings = settings;
		return o;
	}

	/** How many frames the schedule lead is short of steady state; see the class description. */
	long measuredLag(CompletionObservation in) {
		return Math.max(0, in.settings().prerollFrames() - 1L - in.scheduledLead());
	}

	/** Resets the reused decision to "no action" with the channel's current degraded state. */
	RecoveryDecision freshDecision(boolean degraded) {
		return decision.reset(degraded);
	}

	/**
	 * The built-in measured recovery rule, used when no policy is bound (and when a policy
	 * throws): catch up by the measured lag after a late or drop streak, raise headroom by
	 * one if adaptive, degrade; on a clean completion release headroom one frame at a time
	 * and clear the degraded state.
	 */
	void recommend(CompletionObservation in, RecoveryDecision out) {
		boolean late = in.lateStreak() >= LATE_STREAK_THRESHOLD;
		boolean dropped = in.dropStreak() >= DROP_STREAK_THRESHOLD;
		if (late || dropped) {
			out.catchUpFrames((int) Math.min(measuredLag(in), PlayoutSettings.MAX_DEPTH));
			out.headroomDelta(in.settings().adaptiveHeadroom() ? 1 : 0);
			out.degraded(true);
			out.reason(dropped ? RecoveryReason.DROP_STREAK : RecoveryReason.LATE_STREAK);
		} else if (in.result() == CompletionResult.COMPLETED) {
			boolean extraHeadroom = in.readyTarget() > in.settings().targetReadyFrames();
			if (extraHeadroom) {
				out.headroomDelta(-1);
			}
			if (out.degraded() || extraHeadroom) {
				out.degraded(false);
				out.reason(RecoveryReason.RECOVERED);
			}
		}
	}

	/**
	 * Applies a decision: catch-up (capped by {@code maxCatchUpFrames}) advances the next
	 * index, headroom moves the ready target within
	 * {@code targetReadyFrames..readyTargetCeiling()}.
	 *
	 * @return display indices skipped; they start at {@code nextIndex() - skipped}
	 */
	int apply(RecoveryDecision d) {
		int skip = Math.min(Math.max(0, d.catchUpFrames()), settings.maxCatchUpFrames());
		nextIndex += skip;
		skippedByCatchUp += skip;
		readyTarget = clamp((long) readyTarget + d.headroomDelta(), settings.targetReadyFrames(),
				settings.readyTargetCeiling());
		return skip;
	}

	/**
	 * Moves the next index forward to {@code index} when it has fallen behind (the device's
	 * clock passed it): those indices can no longer air.
	 *
	 * @return display indices skipped; they start at {@code nextIndex() - skipped}
	 */
	long realign(long index) {
		if (nextIndex >= index) {
			return 0;
		}
		long skip = index - nextIndex;
		nextIndex = index;
		skippedByCatchUp += skip;
		return skip;
	}

	private static int clamp(long v, int min, int max) {
		return (int) Math.max(min, Math.min(max, v));
	}

	/** The reused observation handed to policies. */
	static final class Measured implements CompletionObservation {
		CompletionResult result = CompletionResult.COMPLETED;
		long completedIndex = -1;
		long scheduledIndex = -1;
		int readyDepth;
		int readyTarget;
		int deviceBuffered;
		long scheduledLead;
		int lateStreak;
		int dropStreak;
		long latenessNanos;
		PlayoutSettings settings;

		@Override
		public CompletionResult result() {
			return result;
		}

		@Override
		public long completedIndex() {
			return completedIndex;
		}

		@Override
		public long scheduledIndex() {
			return scheduledIndex;
		}

		@Override
		public int readyDepth() {
			return readyDepth;
		}

		@Override
		public int readyTarget() {
			return readyTarget;
		}

		@Override
		public int deviceBuffered() {
			return deviceBuffered;
		}

		@Override
		public long scheduledLead() {
			return scheduledLead;
		}

		@Override
		public int lateStreak() {
			return lateStreak;
		}

		@Override
		public int dropStreak() {
			return dropStreak;
		}

		@Override
		public long latenessNanos() {
			return latenessNanos;
		}

		@Override
		public PlayoutSettings settings() {
			return settings;
		}
	}

	/** The reused decision handed to policies. */
	static final class Decision implements RecoveryDecision {
		private int catchUpFrames;
		private int headroomDelta;
		private boolean degraded;
		private RecoveryReason reason = RecoveryReason.NONE;

		Decision reset(boolean currentlyDegraded) {
			catchUpFrames = 0;
			headroomDelta = 0;
			degraded = currentlyDegraded;
			reason = RecoveryReason.NONE;
			return this;
		}

		@Override
		public RecoveryDecision catchUpFrames(int frames) {
			if (frames < 0) {
				throw new IllegalArgumentException("catchUpFrames is " + frames + " but must be >= 0");
			}
			catchUpFrames = frames;
			return this;
		}

		@Override
		public RecoveryDecision headroomDelta(int delta) {
			headroomDelta = delta;
			return this;
		}

		@Override
		public RecoveryDecision degraded(boolean value) {
			degraded = value;
			return this;
		}

		@Override
		public RecoveryDecision reason(RecoveryReason value) {
			reason = value == null ? RecoveryReason.NONE : value;
			return this;
		}

		@Override
		public int catchUpFrames() {
			return catchUpFrames;
		}

		@Override
		public int headroomDelta() {
			return headroomDelta;
		}

		@Override
		public boolean degraded() {
			return degraded;
		}

		@Override
		public RecoveryReason reason() {
			return reason;
		}
	}
}
