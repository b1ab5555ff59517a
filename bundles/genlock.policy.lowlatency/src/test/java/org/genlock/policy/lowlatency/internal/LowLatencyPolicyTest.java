package org.genlock.policy.lowlatency.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;
import org.genlock.policy.support.PolicyDefaults;
import org.genlock.policy.support.Recovery;
import org.genlock.policy.support.testing.Annotations;
import org.genlock.policy.support.testing.FakeDecision;
import org.genlock.policy.support.testing.FakeObservation;
import org.genlock.support.ConfigCheck;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class LowLatencyPolicyTest {

	private static final VideoFormat P50 = VideoFormat.parse("1080p50");

	private static LowLatencyPolicy.Config config(Map<String, ?> values) {
		return Annotations.of(LowLatencyPolicy.Config.class, values);
	}

	private static LowLatencyPolicy activated(Map<String, ?> values) {
		LowLatencyPolicy policy = new LowLatencyPolicy();
		policy.configure(config(values));
		return policy;
	}

	@Test
	void identifiesItselfAsLowLatency() {
		assertEquals("lowlatency", new LowLatencyPolicy().id());
		assertEquals("genlock.policy.lowlatency", LowLatencyPolicy.PID);
	}

	@Test
	void defaultsAreMinimal() {
		assertEquals(PolicyDefaults.LowLatency.parameters(), LowLatencyPolicy.parameters(config(Map.of())));
		assertEquals(new PlayoutSettings(8, 2, 1, 2, 1, 1, false, 2), activated(Map.of()).settings(P50));
	}

	@Test
	void prerollStaysTwoFramesAtSlowRates() {
		LowLatencyPolicy policy = activated(Map.of());
		// 40 ms ready capacity at 50p is one frame at 25p; preroll keeps its floor of 2
		assertEquals(new PlayoutSettings(7, 2, 1, 1, 1, 1, false, 1), policy.settings(VideoFormat.parse("1080p25")));
		assertEquals(2, policy.settings(VideoFormat.parse("1080p2398")).prerollFrames());
	}

	@Test
	void aRejectedConfigurationNamesPidAndKeyAndKeepsThePrevious() {
		LowLatencyPolicy policy = activated(Map.of("maxCatchUpFrames", 2));
		PlayoutSettings before = policy.settings(P50);
		ConfigRejected e = assertThrows(ConfigRejected.class, () -> LowLatencyPolicy
				.parameters(config(Map.of("framePoolSize", 5))).check(ConfigCheck.of(LowLatencyPolicy.PID)));
		assertTrue(e.getMessage().startsWith("genlock.policy.lowlatency: key 'framePoolSize' = '5'"), e.getMessage());
		policy.configure(config(Map.of("framePoolSize", 5)));
		assertEquals(before, policy.settings(P50));
		policy.configure(config(Map.of("lowLeadFrames", 2)));
		assertEquals(before, policy.settings(P50));
		assertEquals(2, before.maxCatchUpFrames());
	}

	@Test
	void actsOnTheFirstLateFrameWhereStandardWaits() {
		LowLatencyPolicy lowLatency = activated(Map.of());
		PlayoutSettings shared = new PlayoutSettings(13, 4, 3, 5, 1, 8, true, 5);
		FakeDecision standard = new FakeDecision().reset(false);
		Recovery.decide(new FakeObservation(shared).late(1).scheduledLead(2).readyDepth(1), standard,
				PolicyDefaults.Standard.parameters().check(ConfigCheck.of("s")).tuning());
		FakeDecision low = new FakeDecision().reset(false);
		lowLatency.onCompletion(new FakeObservation(shared).late(1).scheduledLead(2).readyDepth(1), low);
		assertEquals(RecoveryReason.NONE, standard.reason());
		assertEquals(RecoveryReason.LATE_STREAK, low.reason());
		assertEquals(1, low.catchUpFrames());

		// deep behind: the whole measured lag at once rather than half of it
		FakeObservation deep = new FakeObservation(shared).dropped(2).scheduledLead(-3).readyDepth(0);
		Recovery.decide(deep, standard.reset(false), PolicyDefaults.Standard.parameters().check(ConfigCheck.of("s"))
				.tuning());
		lowLatency.onCompletion(deep, low.reset(false));
		assertEquals(4, standard.catchUpFrames());
		assertEquals(7, low.catchUpFrames());
	}

	@Test
	void withItsOwnSettingsCatchesUpOneFramePerCompletion() {
		LowLatencyPolicy policy = activated(Map.of());
		PlayoutSettings s = policy.settings(P50);
		FakeDecision out = new FakeDecision().reset(false);
		policy.onCompletion(new FakeObservation(s).late(1).scheduledLead(-1).readyDepth(0), out);
		assertEquals(1, out.catchUpFrames());
		assertEquals(0, out.headroomDelta(), "adaptive headroom is off by default");
		assertTrue(out.degraded());

		policy.onCompletion(new FakeObservation(s).scheduledLead(1).readyDepth(1), out.reset(true));
		assertEquals(RecoveryReason.RECOVERED, out.reason());
	}
}
