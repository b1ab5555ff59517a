package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;
import org.junit.jupiter.api.Test;

/** The seed's VideoPlayoutSchedulerTests: measured recovery, policy caps, completed-index tracking, streaks. */
class PlayoutSchedulerTest {

	// pool 12, preroll 4, target 2, max ready 4, spare 1, catch-up 3, adaptive up to 4
	static final PlayoutSettings ADAPTIVE = new PlayoutSettings(12, 4, 2, 4, 1, 3, true, 4);

	private final PlayoutScheduler scheduler = new PlayoutScheduler(ADAPTIVE);

	/** Schedules 0..preroll-1 as the preroll does. */
	private void preroll() {
		scheduler.reset(0);
		for (int i = 0; i < 4; i++) {
			scheduler.scheduled(scheduler.takeNextIndex());
		}
	}

	/** A completion for {@code index} while the device shows {@code now}, then the schedule catch-up to index + preroll. */
	private CompletionObservation complete(CompletionResult r, long index, long now) {
		scheduler.account(r, index, 0);
		while (scheduler.nextIndex() <= index + 4) {
			scheduler.scheduled(scheduler.takeNextIndex());
		}
		return scheduler.observe(2, 4, now);
	}

	private RecoveryDecision builtIn(CompletionObservation in) {
		RecoveryDecision d = scheduler.freshDecision(false);
		scheduler.recommend(in, d);
		return d;
	}

	@Test
	void steadyStateHasNoLagAndNoAction() {
		preroll();
		CompletionObservation in = complete(CompletionResult.COMPLETED, 0, 1);
		assertEquals(4, in.scheduledIndex());
		assertEquals(3, in.scheduledLead(), "preroll - 1 ahead of the frame on air");
		assertEquals(0, scheduler.measuredLag(in));
		RecoveryDecision d = builtIn(in);
		assertEquals(0, scheduler.apply(d));
		assertEquals(RecoveryReason.NONE, d.reason());
		assertEquals(5, scheduler.nextIndex());
	}

	@Test
	void measuredLateRecoverySkipsTheMeasuredLag() {
		preroll();
		complete(CompletionResult.DISPLAYED_LATE, 0, 1);
		// callbacks are two frames behind the device clock
		CompletionObservation in = complete(CompletionResult.DISPLAYED_LATE, 1, 4);
		assertEquals(2, in.lateStreak());
		assertEquals(2, scheduler.measuredLag(in));
		RecoveryDecision d = builtIn(in);
		assertEquals(RecoveryReason.LATE_STREAK, d.reason());
		assertTrue(d.degraded());
		long before = scheduler.nextIndex();
		assertEquals(2, scheduler.apply(d));
		assertEquals(before + 2, scheduler.nextIndex());
		assertEquals(3, scheduler.readyTarget(), "adaptive headroom adds a frame");
	}

	@Test
	void aSingleLateFrameIsNotAStreak() {
		preroll();
		CompletionObservation in = complete(CompletionResult.DISPLAYED_LATE, 0, 3);
		RecoveryDecision d = builtIn(in);
		assertEquals(0, d.catchUpFrames());
		assertEquals(RecoveryReason.NONE, d.reason());
	}

	@Test
	void measuredDropRecoveryReactsToTheFirstDrop() {
		preroll();
		CompletionObservation in = complete(CompletionResult.DROPPED, 0, 2);
		assertEquals(1, in.dropStreak());
		RecoveryDecision d = builtIn(in);
		assertEquals(RecoveryReason.DROP_STREAK, d.reason());
		assertEquals(1, d.catchUpFrames(), "one frame behind");
		assertEquals(1, scheduler.apply(d));
	}

	@Test
	void dropWithHealthyLeadSkipsNothing() {
		preroll();
		CompletionObservation in = complete(CompletionResult.DROPPED, 0, 1);
		RecoveryDecision d = builtIn(in);
		assertEquals(RecoveryReason.DROP_STREAK, d.reason());
		assertEquals(0, d.catchUpFrames(), "measured, not a fixed skip");
	}

	@Test
	void policyCapsCatchUpAndHeadroom() {
		preroll();
		CompletionObservation in = complete(CompletionResult.DROPPED, 0, 1);
		RecoveryDecision d = scheduler.freshDecision(false).catchUpFrames(50).headroomDelta(10);
		assertEquals(3, scheduler.apply(d), "capped by maxCatchUpFrames");
		assertEquals(4, scheduler.readyTarget(), "capped by readyTargetCeiling");
		scheduler.apply(scheduler.freshDecision(false).headroomDelta(-10));
		assertEquals(2, scheduler.readyTarget(), "never below targetReadyFrames");
		assertEquals(3, scheduler.skippedByCatchUp());
		assertEquals(ADAPTIVE, in.settings());
	}

	@Test
	void withoutAdaptiveHeadroomTheTargetStays() {
		PlayoutScheduler fixed = new PlayoutScheduler(PlayoutSettings.DEFAULTS);
		fixed.apply(fixed.freshDecision(false).headroomDelta(3));
		assertEquals(PlayoutSettings.DEFAULTS.targetReadyFrames(), fixed.readyTarget());
	}

	@Test
	void zeroCatchUpSettingDisablesCatchUp() {
		PlayoutScheduler none = new PlayoutScheduler(new PlayoutSettings(12, 4, 2, 4, 1, 0, false, 0));
		none.reset(0);
		assertEquals(0, none.apply(none.freshDecision(false).catchUpFrames(5)));
		assertEquals(0, none.nextIndex());
	}

	@Test
	void completedIndexTracksTheHighestCompletion() {
		preroll();
		complete(CompletionResult.COMPLETED, 0, 1);
		complete(CompletionResult.COMPLETED, 1, 2);
		scheduler.account(CompletionResult.FLUSHED, 0, 0);
		assertEquals(1, scheduler.lastCompletedIndex());
		assertEquals(5, scheduler.lastScheduledIndex());
	}

	@Test
	void streaksClearOnACleanCompletion() {
		preroll();
		complete(CompletionResult.DISPLAYED_LATE, 0, 1);
		complete(CompletionResult.DISPLAYED_LATE, 1, 2);
		assertEquals(2, scheduler.lateStreak());
		complete(CompletionResult.DROPPED, 2, 3);
		assertEquals(0, scheduler.lateStreak(), "a drop ends a late streak");
		assertEquals(1, scheduler.dropStreak());
		scheduler.account(CompletionResult.FLUSHED, 3, 0);
		assertEquals(1, scheduler.dropStreak(), "a flush says nothing about timing");
		CompletionObservation in = complete(CompletionResult.COMPLETED, 3, 4);
		assertEquals(0, in.lateStreak());
		assertEquals(0, in.dropStreak());
	}

	@Test
	void cleanCompletionReleasesHeadroomAndDegradedState() {
		preroll();
		scheduler.apply(scheduler.freshDecision(false).headroomDelta(2));
		assertEquals(4, scheduler.readyTarget());
		CompletionObservation in = complete(CompletionResult.COMPLETED, 0, 1);
		RecoveryDecision d = scheduler.freshDecision(true);
		scheduler.recommend(in, d);
		assertFalse(d.degraded());
		assertEquals(RecoveryReason.RECOVERED, d.reason());
		scheduler.apply(d);
		assertEquals(3, scheduler.readyTarget(), "one frame of headroom released per clean completion");
	}

	@Test
	void settingsChangeClampsTheReadyTarget() {
		preroll();
		scheduler.apply(scheduler.freshDecision(false).headroomDelta(2));
		scheduler.applySettings(new PlayoutSettings(12, 4, 1, 3, 1, 2, true, 3));
		assertEquals(3, scheduler.readyTarget());
		scheduler.applySettings(new PlayoutSettings(12, 4, 1, 2, 1, 2, false, 0));
		assertEquals(1, scheduler.readyTarget());
	}

	@Test
	void decisionRejectsNegativeCatchUpAndResets() {
		RecoveryDecision d = scheduler.freshDecision(true);
		assertThrows(IllegalArgumentException.class, () -> d.catchUpFrames(-1));
		d.catchUpFrames(2).headroomDelta(1).reason(RecoveryReason.LEAD_LOW);
		RecoveryDecision again = scheduler.freshDecision(false);
		assertEquals(0, again.catchUpFrames());
		assertEquals(0, again.headroomDelta());
		assertFalse(again.degraded());
		assertEquals(RecoveryReason.NONE, again.reason());
	}
}
