package org.genlock.policy.lowlatency.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.itest.support.policy.FakeDecision.decide;

import java.util.List;
import java.util.Map;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.policy.FakeDecision;
import org.genlock.itest.support.policy.FakeDecision.Decided;
import org.genlock.itest.support.policy.FakeObservation;
import org.genlock.itest.support.swap.LiveSwapContract;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

/**
 * genlock.policy.lowlatency in a real framework: the live-swap contract with the documented
 * defaults (README), plus what a channel gets at other rates and on a dropped frame.
 */
class LowLatencyPolicyTest extends LiveSwapContract<PlayoutPolicy> {

	static final String FILTER = "(genlock.policy.id=lowlatency)";
	static final VideoFormat HD50 = VideoFormat.parse("1080p50");

	/** What a channel gets: the settings at 1080p50 and the decision on a probe completion. */
	record Behaviour(PlayoutSettings settings, Decided decision) {
	}

	LowLatencyPolicyTest() {
		super(PlayoutPolicy.class, "genlock.policy.lowlatency", "genlock.policy.id", "lowlatency");
	}

	@Override
	protected String idOf(PlayoutPolicy policy) {
		return policy.id();
	}

	/** The probe: the first late frame, lead 0 (the next index is overdue), nothing ready. */
	@Override
	protected Object behaviour(PlayoutPolicy policy) {
		PlayoutSettings settings = policy.settings(HD50);
		return new Behaviour(settings, decide(policy, FakeObservation.late(settings, 1, 0, 0)));
	}

	@Override
	protected void assertDefaults(Object behaviour) {
		// automatic pool 2 + 2 + 1 + 1 + 2 = 8; the first late frame is acted on: lag 2, all of it
		// at once, capped at 1; no adaptive headroom
		assertThat(behaviour).isEqualTo(new Behaviour(new PlayoutSettings(8, 2, 1, 2, 1, 1, false, 2),
				new Decided(1, 0, true, RecoveryReason.LATE_STREAK)));
	}

	@Override
	protected Map<String, Object> configuration() {
		return Map.of("prerollFrames", 3, "maxCatchUpFrames", 3, "lateStreakThreshold", 2);
	}

	@Override
	protected void assertConfigured(Object behaviour) {
		// automatic pool 3 + 2 + 1 + 1 + 2 = 9; one late frame is below 2, but lead 0 is low:
		// lag 3, all of it at once, now within the cap
		assertThat(behaviour).isEqualTo(new Behaviour(new PlayoutSettings(9, 3, 1, 2, 1, 3, false, 2),
				new Decided(3, 0, true, RecoveryReason.LEAD_LOW)));
	}

	@Override
	protected List<Map<String, Object>> rejectedConfigurations() {
		return List.of(with("maxCatchUpFrames", 65), // out of range
				with("lowLeadFrames", 3), // not below prerollFrames
				with("maxHeadroomFrames", 3), // above maxReadyFrames
				with("framePoolSize", 5), // below the 3 + 2 + 1 + 1 the depths need
				with("dropStreakThreshold", 0)); // out of range
	}

	@Override
	protected List<Attr> metatype() {
		return List.of(Attr.integer("framePoolSize", "Frame pool size", 0, 0, 256),
				Attr.integer("prerollFrames", "Preroll frames", 2, 1, 64),
				Attr.integer("targetReadyFrames", "Target ready frames", 1, 1, 64),
				Attr.integer("maxReadyFrames", "Maximum ready frames", 2, 1, 64),
				Attr.integer("minSpareDeviceBuffers", "Spare device buffers", 1, 0, 64),
				Attr.integer("maxCatchUpFrames", "Maximum catch-up frames", 1, 0, 64),
				Attr.flag("adaptiveHeadroom", "Adaptive headroom", false),
				Attr.integer("maxHeadroomFrames", "Maximum headroom frames", 2, 0, 64),
				Attr.flag("scaleWithFrameRate", "Scale with frame rate", true),
				Attr.integer("lateStreakThreshold", "Late streak threshold", 1, 1, 64),
				Attr.integer("dropStreakThreshold", "Drop streak threshold", 1, 1, 64),
				Attr.integer("lowLeadFrames", "Low lead frames", 0, 0, 63),
				Attr.integer("headroomReleaseFrames", "Headroom release interval", 250, 1, 100_000));
	}

	@Test
	void slowerFormatsGetFewerFramesButPrerollStaysTwo(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<PlayoutPolicy> policy) {
		PlayoutPolicy p = policy.getService();
		// README: preroll stays 2 at 25p; ready 1 of 1; automatic pool 2 + 1 + 1 + 1 + 2 = 7
		assertThat(p.settings(VideoFormat.parse("1080p25"))).isEqualTo(new PlayoutSettings(7, 2, 1, 1, 1, 1, false, 1));
		assertThat(p.settings(VideoFormat.parse("2160p60"))).as("not scaled up").isEqualTo(p.settings(HD50));
	}

	@Test
	void aDroppedFrameDegradesWithoutAddingLatency(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<PlayoutPolicy> policy) {
		PlayoutPolicy p = policy.getService();
		FakeObservation dropped = FakeObservation.late(p.settings(HD50), 0, 2, 1);
		dropped.result = CompletionResult.DROPPED;
		dropped.dropStreak = 1;
		// lead at preroll: nothing to skip; headroom is fixed by default
		assertThat(decide(p, dropped)).isEqualTo(new Decided(0, 0, true, RecoveryReason.DROP_STREAK));
	}

	@Test
	void aDegradedChannelInItsSteadyStateIsCalledRecovered(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<PlayoutPolicy> policy) {
		PlayoutPolicy p = policy.getService();
		// what the backend measures at a clean completion on these defaults: the worker has just
		// scheduled the frame the producer had ready (target 1), so the queue is empty, and the
		// lead is the preroll less the frame that just completed
		FakeObservation clean = new FakeObservation();
		clean.settings = p.settings(HD50);
		clean.readyTarget = 1;
		clean.readyDepth = 0;
		clean.scheduledLead = 1;
		FakeDecision out = new FakeDecision();
		out.degraded(true);
		p.onCompletion(clean, out);
		assertThat(out.decided()).isEqualTo(new Decided(0, 0, false, RecoveryReason.RECOVERED));

		FakeDecision running = new FakeDecision();
		p.onCompletion(clean, running);
		assertThat(running.decided()).as("and no action while running").isEqualTo(new Decided(0, 0, false, RecoveryReason.NONE));
	}
}
