package org.genlock.policy.standard.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.itest.support.policy.FakeDecision.decide;

import java.util.List;
import java.util.Map;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.policy.FakeDecision.Decided;
import org.genlock.itest.support.policy.FakeObservation;
import org.genlock.itest.support.swap.LiveSwapContract;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

/**
 * genlock.policy.standard in a real framework: the live-swap contract with the documented
 * defaults (README), plus what a channel gets at other rates and on a dropped frame.
 */
class StandardPolicyTest extends LiveSwapContract<PlayoutPolicy> {

	static final String FILTER = "(genlock.policy.id=standard)";
	static final VideoFormat HD50 = VideoFormat.parse("1080p50");

	/** What a channel gets: the settings at 1080p50 and the decision on a probe completion. */
	record Behaviour(PlayoutSettings settings, Decided decision) {
	}

	StandardPolicyTest() {
		super(PlayoutPolicy.class, "genlock.policy.standard", "genlock.policy.id", "standard");
	}

	@Override
	protected String idOf(PlayoutPolicy policy) {
		return policy.id();
	}

	/** The probe: a second late frame in a row, lead 2, one frame ready. */
	@Override
	protected Object behaviour(PlayoutPolicy policy) {
		PlayoutSettings settings = policy.settings(HD50);
		return new Behaviour(settings, decide(policy, FakeObservation.late(settings, 2, 2, 1)));
	}

	@Override
	protected void assertDefaults(Object behaviour) {
		// automatic pool 4 + 5 + 1 + 1 + 2 = 13; late streak 2 reaches the threshold: lag 2, one refilled
		// from the ready queue, half of the remaining 1 rounded up; adaptive headroom 3 -> 4
		assertThat(behaviour).isEqualTo(new Behaviour(new PlayoutSettings(13, 4, 3, 5, 1, 2, true, 5),
				new Decided(1, 1, true, RecoveryReason.LATE_STREAK)));
	}

	@Override
	protected Map<String, Object> configuration() {
		return Map.of("prerollFrames", 6, "targetReadyFrames", 4, "maxReadyFrames", 8, "maxCatchUpFrames", 3,
				"maxHeadroomFrames", 8, "lateStreakThreshold", 3, "lowLeadFrames", 2);
	}

	@Override
	protected void assertConfigured(Object behaviour) {
		// automatic pool 6 + 8 + 1 + 1 + 2 = 18; a late streak of 2 is below 3, but lead 2 is now low:
		// lag 4, one refilled, half of 3 rounded up = 2, no headroom for a low lead
		assertThat(behaviour).isEqualTo(new Behaviour(new PlayoutSettings(18, 6, 4, 8, 1, 3, true, 8),
				new Decided(2, 0, true, RecoveryReason.LEAD_LOW)));
	}

	@Override
	protected List<Map<String, Object>> rejectedConfigurations() {
		return List.of(with("prerollFrames", 0), // out of range
				with("lowLeadFrames", 6), // not below prerollFrames
				with("targetReadyFrames", 9), // above maxReadyFrames
				with("framePoolSize", 10), // below the 6 + 8 + 1 + 1 the depths need
				with("headroomReleaseFrames", 100_001)); // out of range
	}

	@Override
	protected List<Attr> metatype() {
		return List.of(Attr.integer("framePoolSize", "Frame pool size", 0, 0, 256),
				Attr.integer("prerollFrames", "Preroll frames", 4, 1, 64),
				Attr.integer("targetReadyFrames", "Target ready frames", 3, 1, 64),
				Attr.integer("maxReadyFrames", "Maximum ready frames", 5, 1, 64),
				Attr.integer("minSpareDeviceBuffers", "Spare device buffers", 1, 0, 64),
				Attr.integer("maxCatchUpFrames", "Maximum catch-up frames", 2, 0, 64),
				Attr.flag("adaptiveHeadroom", "Adaptive headroom", true),
				Attr.integer("maxHeadroomFrames", "Maximum headroom frames", 5, 0, 64),
				Attr.flag("scaleWithFrameRate", "Scale with frame rate", true),
				Attr.integer("lateStreakThreshold", "Late streak threshold", 2, 1, 64),
				Attr.integer("dropStreakThreshold", "Drop streak threshold", 1, 1, 64),
				Attr.integer("lowLeadFrames", "Low lead frames", 1, 0, 63),
				Attr.integer("headroomReleaseFrames", "Headroom release interval", 250, 1, 100_000));
	}

	@Test
	void slowerFormatsGetFewerFramesFasterOnesTheConfiguredDepths(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<PlayoutPolicy> policy) {
		PlayoutPolicy p = policy.getService();
		// README: 25p -> preroll 2, ready 2 of 3; automatic pool 2 + 3 + 1 + 1 + 2 = 9
		assertThat(p.settings(VideoFormat.parse("1080p25"))).isEqualTo(new PlayoutSettings(9, 2, 2, 3, 1, 2, true, 3));
		assertThat(p.settings(VideoFormat.parse("2160p60"))).as("not scaled up").isEqualTo(p.settings(HD50));
	}

	@Test
	void aSingleDroppedFrameStartsRecovery(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<PlayoutPolicy> policy) {
		PlayoutPolicy p = policy.getService();
		FakeObservation dropped = FakeObservation.late(p.settings(HD50), 0, 4, 3);
		dropped.result = CompletionResult.DROPPED;
		dropped.dropStreak = 1;
		// lead at preroll: nothing to skip, but degraded with one more frame of headroom
		assertThat(decide(p, dropped)).isEqualTo(new Decided(0, 1, true, RecoveryReason.DROP_STREAK));
	}
}
