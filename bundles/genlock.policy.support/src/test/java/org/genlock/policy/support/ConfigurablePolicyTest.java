package org.genlock.policy.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;
import org.genlock.policy.support.testing.FakeDecision;
import org.genlock.policy.support.testing.FakeObservation;
import org.junit.jupiter.api.Test;

class ConfigurablePolicyTest {

	private static final class TestPolicy extends ConfigurablePolicy {
		TestPolicy() {
			super("genlock.policy.test", PolicyDefaults.Standard.parameters());
		}

		@Override
		public String id() {
			return "test";
		}
	}

	@Test
	void aRejectedConfigurationLeavesThePreviousInForce() {
		TestPolicy policy = new TestPolicy();
		PolicyConfiguration defaults = policy.configuration();
		PolicyParameters bad = new PolicyParameters(0, 4, 9, 5, 1, 2, true, 5, true, 2, 1, 1, 250, CatchUpPace.GRADUAL);
		assertFalse(policy.configure(bad));
		assertSame(defaults, policy.configuration());

		PolicyParameters good = new PolicyParameters(0, 6, 3, 5, 1, 3, true, 5, true, 2, 1, 1, 250, CatchUpPace.GRADUAL);
		assertTrue(policy.configure(good));
		assertEquals(6, policy.settings(VideoFormat.parse("1080p50")).prerollFrames());
		assertFalse(policy.configure(bad));
		assertEquals(6, policy.settings(VideoFormat.parse("1080p50")).prerollFrames());
	}

	@Test
	void completionsUseTheTuningInForce() {
		TestPolicy policy = new TestPolicy();
		FakeObservation oneLate = new FakeObservation(policy.configuration().reference()).late(1).scheduledLead(2)
				.readyDepth(1);
		FakeDecision out = new FakeDecision().reset(false);
		policy.onCompletion(oneLate, out);
		assertEquals(RecoveryReason.NONE, out.reason());

		assertTrue(policy.configure(new PolicyParameters(0, 4, 3, 5, 1, 2, true, 5, true, 1, 1, 1, 250,
				CatchUpPace.GRADUAL)));
		policy.onCompletion(oneLate, out.reset(false));
		assertEquals(RecoveryReason.LATE_STREAK, out.reason());
		assertEquals(1, out.catchUpFrames());
	}
}
