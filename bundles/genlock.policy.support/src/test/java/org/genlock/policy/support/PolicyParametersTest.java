package org.genlock.policy.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genlock.api.playout.PlayoutSettings;
import org.genlock.support.ConfigCheck;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class PolicyParametersTest {

	private static final String PID = "genlock.policy.test";

	private static PolicyParameters with(int pool, int preroll, int target, int max, int spare, int catchUp,
			boolean adaptive, int headroom, int lowLead) {
		return new PolicyParameters(pool, preroll, target, max, spare, catchUp, adaptive, headroom, true, 2, 1, lowLead,
				250, CatchUpPace.GRADUAL);
	}

	private static ConfigRejected rejected(PolicyParameters p, String key, String... parts) {
		ConfigRejected e = assertThrows(ConfigRejected.class, () -> p.check(ConfigCheck.of(PID)));
		assertEquals(PID, e.pid());
		assertEquals(key, e.key(), e.getMessage());
		assertTrue(e.getMessage().startsWith(PID + ": key '" + key + "'"), e.getMessage());
		for (String part : parts) {
			assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
		}
		return e;
	}

	@Test
	void defaultsAreValidAndGiveTheDocumentedSettings() {
		assertEquals(new PlayoutSettings(13, 4, 3, 5, 1, 2, true, 5),
				PolicyDefaults.Standard.parameters().check(ConfigCheck.of(PID)).reference());
		assertEquals(new PlayoutSettings(8, 2, 1, 2, 1, 1, false, 2),
				PolicyDefaults.LowLatency.parameters().check(ConfigCheck.of(PID)).reference());
	}

	@Test
	void autoPoolIsTheMinimumPlusTwoAndAnExplicitPoolIsKept() {
		assertEquals(PlayoutSettings.minimumPoolSize(6, 8, 2) + 2,
				with(0, 6, 4, 8, 2, 2, false, 0, 1).check(ConfigCheck.of(PID)).reference().framePoolSize());
		assertEquals(40, with(40, 6, 4, 8, 2, 2, false, 0, 1).check(ConfigCheck.of(PID)).reference().framePoolSize());
	}

	@Test
	void eachValueIsRangeChecked() {
		rejected(with(-1, 4, 3, 5, 1, 2, true, 5, 1), "framePoolSize", "0 to 256");
		rejected(with(0, 0, 3, 5, 1, 2, true, 5, 1), "prerollFrames", "1 to 64");
		rejected(with(0, 4, 3, 65, 1, 2, true, 5, 1), "maxReadyFrames", "1 to 64");
		rejected(with(0, 4, 3, 5, -1, 2, true, 5, 1), "minSpareDeviceBuffers", "0 to 64");
		rejected(with(0, 4, 3, 5, 1, 99, true, 5, 1), "maxCatchUpFrames", "0 to 64");
		rejected(with(0, 4, 3, 5, 1, 2, true, 5, -1), "lowLeadFrames", "0 to 63");
		rejected(new PolicyParameters(0, 4, 3, 5, 1, 2, true, 5, true, 0, 1, 1, 250, CatchUpPace.GRADUAL),
				"lateStreakThreshold", "1 to 64");
		rejected(new PolicyParameters(0, 4, 3, 5, 1, 2, true, 5, true, 2, 65, 1, 250, CatchUpPace.GRADUAL),
				"dropStreakThreshold", "1 to 64");
		rejected(new PolicyParameters(0, 4, 3, 5, 1, 2, true, 5, true, 2, 1, 1, 0, CatchUpPace.GRADUAL),
				"headroomReleaseFrames", "1 to 100000");
	}

	@Test
	void crossFieldRulesNameTheOffendingKey() {
		rejected(with(0, 4, 6, 5, 1, 2, true, 5, 1), "targetReadyFrames", "= '6'", "targetReadyFrames is 6",
				"1..5");
		rejected(with(9, 4, 3, 5, 1, 2, true, 5, 1), "framePoolSize", "= '9'", "11..256", "4 + 5 + 1 + 1 = 11");
		rejected(with(0, 4, 3, 5, 1, 2, true, 2, 1), "maxHeadroomFrames", "= '2'", "3..5");
		rejected(with(0, 4, 3, 5, 1, 2, false, 6, 1), "maxHeadroomFrames", "0..5");
		rejected(with(0, 4, 3, 5, 1, 2, true, 5, 4), "lowLeadFrames", "= '4'", "prerollFrames - 1 = 3");
	}

	@Test
	void theOffendingKeyIsReadFromTheSettingsMessage() {
		assertEquals("maxHeadroomFrames",
				PolicyParameters.offendingKey("PlayoutSettings.maxHeadroomFrames is 2 but must be in 3..5"));
		assertEquals("framePoolSize", PolicyParameters.offendingKey("something unexpected"));
		assertEquals("framePoolSize", PolicyParameters.offendingKey(null));
	}
}
