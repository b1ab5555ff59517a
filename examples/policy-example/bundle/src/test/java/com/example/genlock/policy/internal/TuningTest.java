package com.example.genlock.policy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.policy.FakeDecision;
import org.genlock.itest.support.policy.FakeDecision.Decided;
import org.genlock.itest.support.policy.FakeObservation;
import org.junit.jupiter.api.Test;

/** The example policy's depths and decisions, without a framework (the itest runs it in one). */
class TuningTest {

	static final Tuning TUNING = new Tuning(4, 2, 4, 3, 2);

	@Test
	void depthsAreAsConfiguredAt50FramesPerSecond() {
		// pool: 4 preroll + 4 ready + 1 rendering + 1 spare = 10, and 2 for a pipelined renderer
		assertEquals(new PlayoutSettings(12, 4, 2, 4, 1, 2, false, 0), TUNING.settings(VideoFormat.parse("1080p50")));
	}

	@Test
	void depthsScaleWithTheFrameRateKeepingTheTimeBuffered() {
		assertEquals(new PlayoutSettings(8, 2, 1, 2, 1, 2, false, 0), TUNING.settings(VideoFormat.parse("1080p25")));
		// 60/50 of 4 is 4.8: rounded up, so never less time buffered than at 50 frames/s
		assertEquals(new PlayoutSettings(14, 5, 3, 5, 1, 2, false, 0), TUNING.settings(VideoFormat.parse("2160p60")));
		// but never less than 2 frames of preroll
		assertEquals(2, new Tuning(2, 1, 1, 3, 0).settings(VideoFormat.parse("1080p25")).prerollFrames());
	}

	@Test
	void aCatchUpAboveThePrerollIsCappedWhenTheRateScalesThePrerollDown() {
		assertEquals(2, new Tuning(4, 1, 4, 3, 4).settings(VideoFormat.parse("1080p25")).maxCatchUpFrames());
	}

	@Test
	void refusesValuesOutsideTheirRangeNamingKeyValueAndRange() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Tuning(4, 5, 4, 3, 2));
		assertEquals("'targetReadyFrames' = 5 is not allowed: it must be 1 to 4", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new Tuning(4, 2, 4, 3, 5));
		assertEquals("'maxCatchUpFrames' = 5 is not allowed: it must be 0 to 4", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new Tuning(1, 1, 4, 3, 0));
		assertEquals("'prerollFrames' = 1 is not allowed: it must be 2 to 64", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new Tuning(4, 2, 4, 0, 2));
		assertEquals("'lateStreakThreshold' = 0 is not allowed: it must be 1 to 64", e.getMessage());
	}

	@Test
	void lateFramesBelowTheThresholdChangeNothing() {
		assertEquals(new Decided(0, 0, false, RecoveryReason.NONE), decide(late(2, 0), false));
	}

	@Test
	void aLateStreakDegradesAndCatchesUpTheLagWithinTheCap() {
		// lead 3 of preroll 4: 1 frame behind
		assertEquals(new Decided(1, 0, true, RecoveryReason.LATE_STREAK), decide(late(3, 3), false));
		// lead -1: 5 behind, capped at 2
		assertEquals(new Decided(2, 0, true, RecoveryReason.LATE_STREAK), decide(late(3, -1), false));
		// on time again but still ahead of the preroll: degraded, nothing to skip
		assertEquals(new Decided(0, 0, true, RecoveryReason.LATE_STREAK), decide(late(4, 5), false));
	}

	@Test
	void aDropStreakDegradesWithItsOwnReason() {
		FakeObservation dropped = late(0, 2);
		dropped.result = CompletionResult.DROPPED;
		dropped.dropStreak = 3;
		assertEquals(new Decided(2, 0, true, RecoveryReason.DROP_STREAK), decide(dropped, false));
	}

	@Test
	void aDegradedChannelRecoversOnceAFrameCompletesInTimeWithinAFrameOfThePreroll() {
		FakeObservation clean = late(0, 3);
		clean.result = CompletionResult.COMPLETED;
		assertEquals(new Decided(0, 0, false, RecoveryReason.RECOVERED), decide(clean, true));
		clean.scheduledLead = 2;
		assertEquals(new Decided(0, 0, true, RecoveryReason.NONE), decide(clean, true), "still 2 behind");
		clean.scheduledLead = 4;
		assertEquals(new Decided(0, 0, false, RecoveryReason.NONE), decide(clean, false), "running: nothing to do");
	}

	@Test
	void theFallbackForABadFirstConfigurationIsTheDeclaredDefaults() throws Exception {
		Tuning declared = new Tuning(defaultOf("prerollFrames"), defaultOf("targetReadyFrames"),
				defaultOf("maxReadyFrames"), defaultOf("lateStreakThreshold"), defaultOf("maxCatchUpFrames"));
		assertEquals(declared, ExamplePolicy.defaults());
	}

	static int defaultOf(String attribute) throws NoSuchMethodException {
		return (Integer) Config.class.getDeclaredMethod(attribute).getDefaultValue();
	}

	static FakeObservation late(int lateStreak, long lead) {
		return FakeObservation.late(TUNING.settings(VideoFormat.parse("1080p50")), lateStreak, lead, 0);
	}

	/** As the backend calls it: the decision reset to no action, the channel's degraded state in it. */
	static Decided decide(FakeObservation in, boolean degraded) {
		FakeDecision out = new FakeDecision();
		out.degraded(degraded);
		TUNING.decide(in, out);
		return out.decided();
	}
}
