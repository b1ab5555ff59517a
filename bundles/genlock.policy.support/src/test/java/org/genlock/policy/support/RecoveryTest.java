package org.genlock.policy.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.policy.support.testing.FakeDecision;
import org.genlock.policy.support.testing.FakeObservation;
import org.junit.jupiter.api.Test;

class RecoveryTest {

	/** The standard defaults at 50p: pool 13, preroll 4, ready 3 of 5, spare 1, catch-up 2, adaptive up to 5. */
	private static final PlayoutSettings STANDARD = new PlayoutSettings(13, 4, 3, 5, 1, 2, true, 5);
	private static final RecoveryTuning TUNING = new RecoveryTuning(2, 1, 1, 250, CatchUpPace.GRADUAL);

	private final FakeDecision out = new FakeDecision().reset(false);

	private FakeDecision decide(FakeObservation in) {
		Recovery.decide(in, out, TUNING);
		return out;
	}

	private static void assertDecision(FakeDecision d, int catchUp, int headroom, boolean degraded, RecoveryReason reason) {
		assertEquals(catchUp, d.catchUpFrames(), "catchUpFrames");
		assertEquals(headroom, d.headroomDelta(), "headroomDelta");
		assertEquals(degraded, d.degraded(), "degraded");
		assertEquals(reason, d.reason(), "reason");
	}

	@Test
	void cleanRunTakesNoAction() {
		for (int i = 0; i < 10; i++) {
			out.reset(false);
			assertDecision(decide(new FakeObservation(STANDARD).completedIndex(1001 + i)), 0, 0, false, RecoveryReason.NONE);
		}
	}

	@Test
	void flushedCompletionsAreNotMeasured() {
		FakeObservation flushed = new FakeObservation(STANDARD).result(CompletionResult.FLUSHED).scheduledLead(-5)
				.readyDepth(0);
		assertDecision(decide(flushed), 0, 0, false, RecoveryReason.NONE);
	}

	@Test
	void aSingleLateFrameBelowTheThresholdIsTolerated() {
		assertDecision(decide(new FakeObservation(STANDARD).late(1).scheduledLead(3)), 0, 0, false, RecoveryReason.NONE);
	}

	@Test
	void lateStreakCatchesUpByTheMeasuredLagCappedByTheSettings() {
		// lead -1: indices -1..0 are overdue (2), lag 5, nothing ready: gradual = max(2, 3) = 3, capped at 2
		FakeObservation in = new FakeObservation(STANDARD).late(2).scheduledLead(-1).readyDepth(0);
		assertDecision(decide(in), 2, 1, true, RecoveryReason.LATE_STREAK);
	}

	@Test
	void lateStreakWithAHealthyLeadSkipsNothingButAddsHeadroom() {
		// skipping would only add latency: the frames are late for another reason, so render further ahead
		FakeObservation in = new FakeObservation(STANDARD).late(3).scheduledLead(4).readyDepth(3);
		assertDecision(decide(in), 0, 1, true, RecoveryReason.LATE_STREAK);
	}

	@Test
	void readyFramesRefillTheLeadSoOnlyTheOverdueIndicesAreSkipped() {
		// lead 0: 1 overdue, lag 4, 3 ready can refill 3 of it
		FakeObservation in = new FakeObservation(STANDARD).dropped(1).scheduledLead(0).readyDepth(3);
		assertDecision(decide(in), 1, 1, true, RecoveryReason.DROP_STREAK);
	}

	@Test
	void dropStreakIsReportedAndActedOnAtOnce() {
		FakeObservation in = new FakeObservation(STANDARD).dropped(1).scheduledLead(1).readyDepth(0);
		// lag 3, none overdue, nothing ready: gradual = 2
		assertDecision(decide(in), 2, 1, true, RecoveryReason.DROP_STREAK);
	}

	@Test
	void catchUpIsMeasuredNotFixed() {
		PlayoutSettings roomy = new PlayoutSettings(13, 4, 3, 5, 1, 8, true, 5);
		int[] expected = {0, 1, 1, 2, 2, 3, 3};
		for (int lead = 4, i = 0; lead >= -2; lead--, i++) {
			out.reset(false);
			FakeObservation in = new FakeObservation(roomy).late(2).scheduledLead(lead).readyDepth(0);
			assertEquals(expected[i], decide(in).catchUpFrames(), "lead " + lead);
		}
	}

	@Test
	void zeroCatchUpCapDisablesCatchUp() {
		PlayoutSettings noCatchUp = new PlayoutSettings(13, 4, 3, 5, 1, 0, true, 5);
		FakeObservation in = new FakeObservation(noCatchUp).dropped(4).scheduledLead(-3).readyDepth(0);
		assertDecision(decide(in), 0, 1, true, RecoveryReason.DROP_STREAK);
	}

	@Test
	void lowLeadCatchesUpWithoutRaisingHeadroom() {
		FakeObservation in = new FakeObservation(STANDARD).scheduledLead(1).readyDepth(0);
		assertDecision(decide(in), 2, 0, true, RecoveryReason.LEAD_LOW);
	}

	@Test
	void lowLeadThresholdNeverReachesAScaledDownPreroll() {
		// preroll 1 (a slow format): the configured low lead 1 acts as 0, so a lead of 1 is fine
		PlayoutSettings shallow = new PlayoutSettings(5, 1, 1, 2, 1, 2, false, 0);
		assertDecision(decide(new FakeObservation(shallow).scheduledLead(1)), 0, 0, false, RecoveryReason.NONE);
		out.reset(false);
		assertDecision(decide(new FakeObservation(shallow).scheduledLead(0).readyDepth(0)), 1, 0, true,
				RecoveryReason.LEAD_LOW);
	}

	@Test
	void headroomStaysFixedWithoutAdaptiveHeadroom() {
		PlayoutSettings fixed = new PlayoutSettings(13, 4, 3, 5, 1, 2, false, 0);
		assertDecision(decide(new FakeObservation(fixed).late(5).scheduledLead(-1).readyDepth(0)), 2, 0, true,
				RecoveryReason.LATE_STREAK);
		out.reset(false);
		assertDecision(decide(new FakeObservation(fixed).scheduledLead(3).readyDepth(0)), 0, 0, false,
				RecoveryReason.NONE);
	}

	@Test
	void headroomIsNotRaisedBeyondTheCeiling() {
		FakeObservation in = new FakeObservation(STANDARD).late(2).scheduledLead(4).readyTarget(5).readyDepth(5);
		assertDecision(decide(in), 0, 0, true, RecoveryReason.LATE_STREAK);
	}

	@Test
	void anEmptyReadyQueueEatingIntoTheLeadIsQueuePressure() {
		FakeObservation in = new FakeObservation(STANDARD).scheduledLead(3).readyDepth(0);
		assertDecision(decide(in), 0, 1, false, RecoveryReason.QUEUE_PRESSURE);
	}

	@Test
	void degradedIsLeftOnlyWhenTheChannelIsHealthyAgain() {
		out.reset(true);
		assertDecision(decide(new FakeObservation(STANDARD).scheduledLead(3).readyDepth(1)), 0, 0, false,
				RecoveryReason.RECOVERED);
		// lead above the low threshold but not back near preroll: hysteresis keeps degraded
		out.reset(true);
		assertDecision(decide(new FakeObservation(STANDARD).scheduledLead(2).readyDepth(2)), 0, 0, true,
				RecoveryReason.NONE);
		// a late completion below the streak threshold is not healthy either
		out.reset(true);
		assertDecision(decide(new FakeObservation(STANDARD).late(1).scheduledLead(4)), 0, 0, true, RecoveryReason.NONE);
	}

	@Test
	void aOneFrameTargetRecoversWithTheQueueEmptiedByTheFrameJustScheduled() {
		// the low-latency defaults at 50p; at a clean completion the worker has taken the one
		// ready frame, so the queue is empty and the lead is the preroll less one
		PlayoutSettings lowLatency = new PlayoutSettings(8, 2, 1, 2, 1, 1, false, 2);
		RecoveryTuning immediate = new RecoveryTuning(1, 1, 0, 250, CatchUpPace.IMMEDIATE);
		FakeObservation steady = new FakeObservation(lowLatency).scheduledLead(1).readyDepth(0);
		Recovery.decide(steady, out.reset(true), immediate);
		assertDecision(out, 0, 0, false, RecoveryReason.RECOVERED);
		// nor is it queue pressure with adaptive headroom on: the producer keeps up exactly
		PlayoutSettings adaptive = new PlayoutSettings(8, 2, 1, 2, 1, 1, true, 2);
		Recovery.decide(new FakeObservation(adaptive).scheduledLead(1).readyDepth(0), out.reset(false), immediate);
		assertDecision(out, 0, 0, false, RecoveryReason.NONE);
		// a raised target of 2 with the queue empty is pressure again
		Recovery.decide(new FakeObservation(adaptive).scheduledLead(1).readyTarget(2).readyDepth(0), out.reset(false),
				immediate);
		assertDecision(out, 0, 0, false, RecoveryReason.NONE); // 2 is the ceiling: nothing to raise
		Recovery.decide(new FakeObservation(adaptive).scheduledLead(1).readyTarget(2).readyDepth(0), out.reset(true),
				immediate);
		assertDecision(out, 0, 0, true, RecoveryReason.NONE); // and no recovery on a starved queue
	}

	@Test
	void raisedHeadroomIsReleasedOneFrameAtATimeOnlyOnSampledCleanCompletions() {
		FakeObservation raised = new FakeObservation(STANDARD).readyTarget(5).readyDepth(5);
		assertDecision(decide(raised.completedIndex(2500)), 0, -1, false, RecoveryReason.RECOVERED);
		out.reset(false);
		assertDecision(decide(raised.completedIndex(2501)), 0, 0, false, RecoveryReason.NONE);
		out.reset(false);
		assertDecision(decide(raised.completedIndex(2750).readyDepth(4)), 0, 0, false, RecoveryReason.NONE);
		out.reset(false);
		FakeObservation atTarget = new FakeObservation(STANDARD).completedIndex(2500);
		assertDecision(decide(atTarget), 0, 0, false, RecoveryReason.NONE);
	}

	@Test
	void theSameInputIsActedOnSoonerAndHarderWithImmediatePace() {
		RecoveryTuning standard = PolicyDefaults.Standard.parameters().check(org.genlock.support.ConfigCheck.of("s"))
				.tuning();
		RecoveryTuning lowLatency = PolicyDefaults.LowLatency.parameters()
				.check(org.genlock.support.ConfigCheck.of("l")).tuning();
		PlayoutSettings roomy = new PlayoutSettings(13, 4, 3, 5, 1, 8, true, 5);

		FakeObservation firstLate = new FakeObservation(roomy).late(1).scheduledLead(2).readyDepth(1);
		FakeDecision s = new FakeDecision().reset(false);
		FakeDecision l = new FakeDecision().reset(false);
		Recovery.decide(firstLate, s, standard);
		Recovery.decide(firstLate, l, lowLatency);
		assertDecision(s, 0, 0, false, RecoveryReason.NONE);
		assertDecision(l, 1, 1, true, RecoveryReason.LATE_STREAK);

		FakeObservation deep = new FakeObservation(roomy).late(3).scheduledLead(-2).readyDepth(0);
		Recovery.decide(deep, s.reset(false), standard);
		Recovery.decide(deep, l.reset(false), lowLatency);
		assertEquals(3, s.catchUpFrames());
		assertEquals(6, l.catchUpFrames());
	}

	@Test
	void catchUpArithmeticSurvivesExtremeLeads() {
		assertEquals(2, Recovery.catchUpFrames(4, Long.MIN_VALUE, 0, CatchUpPace.IMMEDIATE, 2));
		assertEquals(PlayoutSettings.MAX_DEPTH,
				Recovery.catchUpFrames(4, Long.MIN_VALUE, 0, CatchUpPace.IMMEDIATE, PlayoutSettings.MAX_DEPTH));
		assertEquals(0, Recovery.catchUpFrames(4, Long.MAX_VALUE, 0, CatchUpPace.IMMEDIATE, 64));
		assertEquals(0, Recovery.catchUpFrames(4, 1, Integer.MAX_VALUE, CatchUpPace.IMMEDIATE, 64));
	}

	@Test
	void decidingDoesNotAllocate() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		FakeObservation[] inputs = {new FakeObservation(STANDARD), new FakeObservation(STANDARD).late(3).scheduledLead(-2),
				new FakeObservation(STANDARD).dropped(1).scheduledLead(0).readyDepth(0),
				new FakeObservation(STANDARD).scheduledLead(3).readyDepth(0),
				new FakeObservation(STANDARD).readyTarget(5).readyDepth(5).completedIndex(500)};
		for (int i = 0; i < 20_000; i++) {
			Recovery.decide(inputs[i % inputs.length], out.reset(i % 2 == 0), TUNING);
		}
		long tid = Thread.currentThread().getId();
		long before = threads.getThreadAllocatedBytes(tid);
		for (int i = 0; i < 100_000; i++) {
			Recovery.decide(inputs[i % inputs.length], out.reset(i % 2 == 0), TUNING);
		}
		long allocated = threads.getThreadAllocatedBytes(tid) - before;
		// one object per call would be >= 1.6 MB; the bound only absorbs the measurement itself
		assertTrue(allocated < 64 * 1024, () -> allocated + " bytes allocated in 100000 decisions");
		assertFalse(out.reason() == null);
	}
}
