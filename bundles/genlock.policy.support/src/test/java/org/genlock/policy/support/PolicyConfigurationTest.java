package org.genlock.policy.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.Rational;
import org.genlock.api.video.ScanMode;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigCheck;
import org.junit.jupiter.api.Test;

class PolicyConfigurationTest {

	private static final PolicyConfiguration STANDARD = PolicyDefaults.Standard.parameters().check(ConfigCheck.of("s"));
	private static final PolicyConfiguration LOW_LATENCY = PolicyDefaults.LowLatency.parameters()
			.check(ConfigCheck.of("l"));

	private static PlayoutSettings at(PolicyConfiguration c, String format) {
		return c.settingsFor(VideoFormat.parse(format));
	}

	@Test
	void fiftyFramesAndFasterUseTheConfiguredDepths() {
		assertSame(STANDARD.reference(), at(STANDARD, "1080p50"));
		assertSame(STANDARD.reference(), at(STANDARD, "720p5994"));
		assertSame(STANDARD.reference(), at(STANDARD, "2160p60"));
	}

	@Test
	void slowerFormatsKeepAboutTheSameTimeInHandWithFewerFrames() {
		// 25p / 1080i50 (25 frames): preroll 2 = 80 ms, ready 2 of 3, headroom up to 3, pool 2+3+1+1+2
		assertEquals(new PlayoutSettings(9, 2, 2, 3, 1, 2, true, 3), at(STANDARD, "1080p25"));
		assertEquals(at(STANDARD, "1080p25"), at(STANDARD, "1080i50"));
		// 29.97: ceil(4 * 0.5994) = 3 = 100 ms
		assertEquals(new PlayoutSettings(10, 3, 2, 3, 1, 2, true, 3), at(STANDARD, "1080p2997"));
		assertEquals(new PlayoutSettings(9, 2, 2, 3, 1, 2, true, 3), at(STANDARD, "1080p2398"));
		assertTrue(at(STANDARD, "1080p25").prerollFrames() < at(STANDARD, "1080p50").prerollFrames());
	}

	@Test
	void prerollIsNeverScaledBelowTwoFrames() {
		assertEquals(2, at(LOW_LATENCY, "1080p25").prerollFrames());
		assertEquals(2, at(STANDARD, "1024x768p5").prerollFrames());
		PolicyConfiguration one = new PolicyParameters(0, 1, 1, 2, 1, 1, false, 0, true, 1, 1, 0, 250,
				CatchUpPace.IMMEDIATE).check(ConfigCheck.of("p"));
		assertEquals(1, at(one, "1080p25").prerollFrames());
	}

	@Test
	void scalingCanBeSwitchedOff() {
		PolicyParameters p = PolicyDefaults.Standard.parameters();
		PolicyConfiguration fixed = new PolicyParameters(p.framePoolSize(), p.prerollFrames(), p.targetReadyFrames(),
				p.maxReadyFrames(), p.minSpareDeviceBuffers(), p.maxCatchUpFrames(), p.adaptiveHeadroom(),
				p.maxHeadroomFrames(), false, p.lateStreakThreshold(), p.dropStreakThreshold(), p.lowLeadFrames(),
				p.headroomReleaseFrames(), p.pace()).check(ConfigCheck.of("s"));
		assertSame(fixed.reference(), at(fixed, "1080p25"));
	}

	@Test
	void anExplicitPoolIsKeptAndStaysValidAtEveryRate() {
		PolicyConfiguration explicit = new PolicyParameters(11, 4, 3, 5, 1, 2, true, 5, true, 2, 1, 1, 250,
				CatchUpPace.GRADUAL).check(ConfigCheck.of("e"));
		for (int fps = 1; fps <= 240; fps++) {
			VideoFormat f = VideoFormat.of(1920, 1080, Rational.of(fps), PixelFormat.BGRA8, ScanMode.PROGRESSIVE);
			assertEquals(11, explicit.settingsFor(f).framePoolSize());
			STANDARD.settingsFor(f); // throws if scaling ever broke an invariant
			LOW_LATENCY.settingsFor(f);
		}
		VideoFormat ntsc = VideoFormat.of(720, 486, Rational.of(30000, 1001), PixelFormat.BGRA8,
				ScanMode.INTERLACED_LOWER_FIRST);
		assertEquals(3, explicit.settingsFor(ntsc).prerollFrames());
	}

	@Test
	void scaleRoundsUpExactly() {
		assertEquals(2, PolicyConfiguration.scale(4, Rational.of(25)));
		assertEquals(3, PolicyConfiguration.scale(4, Rational.of(30)));
		assertEquals(3, PolicyConfiguration.scale(4, Rational.of(30000, 1001)));
		assertEquals(1, PolicyConfiguration.scale(1, Rational.of(1, Long.MAX_VALUE)));
	}
}
