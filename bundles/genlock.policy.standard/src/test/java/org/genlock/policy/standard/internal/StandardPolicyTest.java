package org.genlock.policy.standard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;
import org.genlock.policy.support.PolicyDefaults;
import org.genlock.policy.support.testing.Annotations;
import org.genlock.policy.support.testing.FakeDecision;
import org.genlock.policy.support.testing.FakeObservation;
import org.genlock.support.ConfigCheck;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class StandardPolicyTest {

	private static final VideoFormat P50 = VideoFormat.parse("1080p50");

	private static StandardPolicy.Config config(Map<String, ?> values) {
		return Annotations.of(StandardPolicy.Config.class, values);
	}

	private static StandardPolicy activated(Map<String, ?> values) {
		StandardPolicy policy = new StandardPolicy();
		policy.configure(config(values));
		return policy;
	}

	@Test
	void identifiesItselfAsStandard() {
		assertEquals("standard", new StandardPolicy().id());
		assertEquals("genlock.policy.standard", StandardPolicy.PID);
	}

	@Test
	void metatypeDefaultsAreTheDocumentedDefaults() {
		assertEquals(PolicyDefaults.Standard.parameters(), StandardPolicy.parameters(config(Map.of())));
		assertEquals(new PlayoutSettings(13, 4, 3, 5, 1, 2, true, 5), activated(Map.of()).settings(P50));
	}

	@Test
	void aValidConfigurationIsApplied() {
		StandardPolicy policy = activated(Map.of("prerollFrames", 6, "framePoolSize", 20, "maxCatchUpFrames", 3));
		assertEquals(new PlayoutSettings(20, 6, 3, 5, 1, 3, true, 5), policy.settings(P50));
	}

	@Test
	void aRejectedConfigurationNamesPidAndKeyAndKeepsThePrevious() {
		StandardPolicy policy = activated(Map.of("prerollFrames", 6));
		PlayoutSettings before = policy.settings(P50);

		Map<String, Integer> crossField = Map.of("targetReadyFrames", 4, "maxHeadroomFrames", 3);
		ConfigRejected e = assertThrows(ConfigRejected.class,
				() -> StandardPolicy.parameters(config(crossField)).check(ConfigCheck.of(StandardPolicy.PID)));
		assertTrue(e.getMessage().startsWith("genlock.policy.standard: key 'maxHeadroomFrames' = '3'"), e.getMessage());
		assertTrue(e.getMessage().contains("4..5"), e.getMessage());

		policy.configure(config(crossField));
		assertEquals(before, policy.settings(P50));
		policy.configure(config(Map.of("prerollFrames", 0)));
		assertEquals(before, policy.settings(P50));
	}

	@Test
	void aBadConfigurationAtActivationRunsOnTheDefaults() {
		StandardPolicy policy = activated(Map.of("lowLeadFrames", 4));
		assertEquals(PolicyDefaults.Standard.parameters(), policy.configuration().parameters());
	}

	@Test
	void settingsScaleWithTheFrameRate() {
		StandardPolicy policy = activated(Map.of());
		PlayoutSettings p25 = policy.settings(VideoFormat.parse("1080p25"));
		PlayoutSettings p30 = policy.settings(VideoFormat.parse("1080p2997"));
		assertEquals(2, p25.prerollFrames());
		assertEquals(3, p30.prerollFrames());
		assertEquals(4, policy.settings(VideoFormat.parse("720p5994")).prerollFrames());
		assertEquals(PlayoutSettings.minimumPoolSize(2, 3, 1) + 2, p25.framePoolSize());
		StandardPolicy fixed = activated(Map.of("scaleWithFrameRate", false));
		assertEquals(fixed.settings(P50), fixed.settings(VideoFormat.parse("1080p25")));
	}

	@Test
	void recoversGraduallyFromALateStreak() {
		StandardPolicy policy = activated(Map.of());
		PlayoutSettings s = policy.settings(P50);
		FakeDecision out = new FakeDecision().reset(false);

		policy.onCompletion(new FakeObservation(s), out);
		assertEquals(RecoveryReason.NONE, out.reason());

		policy.onCompletion(new FakeObservation(s).late(1).scheduledLead(2).readyDepth(1), out.reset(false));
		assertEquals(RecoveryReason.NONE, out.reason(), "a single late frame is tolerated");

		policy.onCompletion(new FakeObservation(s).late(2).scheduledLead(0).readyDepth(0), out.reset(false));
		assertEquals(RecoveryReason.LATE_STREAK, out.reason());
		assertEquals(2, out.catchUpFrames());
		assertEquals(1, out.headroomDelta());
		assertTrue(out.degraded());
	}
}
