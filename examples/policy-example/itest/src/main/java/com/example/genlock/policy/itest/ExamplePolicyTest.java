package com.example.genlock.policy.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.itest.support.policy.FakeDecision.decide;

import java.util.List;
import java.util.Map;

import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.policy.FakeDecision.Decided;
import org.genlock.itest.support.policy.FakeObservation;
import org.genlock.itest.support.swap.LiveSwapContract;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * The example policy in a real framework (SCR, Configuration Admin, Metatype): Genlock's
 * live-swap contract, which every policy and strategy bundle of the platform passes too,
 * with the example's documented defaults.
 */
class ExamplePolicyTest extends LiveSwapContract<PlayoutPolicy> {

	static final VideoFormat HD50 = VideoFormat.parse("1080p50");

	/** What a channel gets: the settings at 1080p50 and the decision on a probe completion. */
	record Behaviour(PlayoutSettings settings, Decided decision) {
	}

	ExamplePolicyTest() {
		super(PlayoutPolicy.class, "com.example.genlock.policy", "genlock.policy.id", "example");
	}

	@Override
	protected String idOf(PlayoutPolicy policy) {
		return policy.id();
	}

	/** The probe: the third late frame in a row, scheduling 1 frame ahead of the device clock. */
	@Override
	protected Object behaviour(PlayoutPolicy policy) {
		PlayoutSettings settings = policy.settings(HD50);
		return new Behaviour(settings, decide(policy, FakeObservation.late(settings, 3, 1, 0)));
	}

	@Override
	protected void assertDefaults(Object behaviour) {
		int target = Variant.targetReadyFrames(context);
		// pool 4 preroll + 4 ready + 1 rendering + 1 spare + 2 = 12; 3 frames behind the
		// preroll of 4, caught up by at most 2
		assertThat(behaviour).isEqualTo(new Behaviour(new PlayoutSettings(12, 4, target, 4, 1, 2, false, 0),
				new Decided(2, 0, true, RecoveryReason.LATE_STREAK)));
	}

	@Override
	protected Map<String, Object> configuration() {
		return Map.of("prerollFrames", 6, "targetReadyFrames", 3, "maxReadyFrames", 5, "lateStreakThreshold", 2,
				"maxCatchUpFrames", 4);
	}

	@Override
	protected void assertConfigured(Object behaviour) {
		// pool 6 + 5 + 1 + 1 + 2 = 15; 5 frames behind the preroll of 6, caught up by at most 4
		assertThat(behaviour).isEqualTo(new Behaviour(new PlayoutSettings(15, 6, 3, 5, 1, 4, false, 0),
				new Decided(4, 0, true, RecoveryReason.LATE_STREAK)));
	}

	@Override
	protected List<Map<String, Object>> rejectedConfigurations() {
		return List.of(with("targetReadyFrames", 6), // above maxReadyFrames
				with("maxCatchUpFrames", 7), // above prerollFrames
				with("prerollFrames", 1), // below the range
				with("lateStreakThreshold", 0)); // below the range
	}

	@Override
	protected List<Attr> metatype() {
		return List.of(Attr.integer("prerollFrames", "Preroll frames", 4, 2, 64),
				Attr.integer("targetReadyFrames", "Target ready frames", Variant.targetReadyFrames(context), 1, 64),
				Attr.integer("maxReadyFrames", "Maximum ready frames", 4, 1, 64),
				Attr.integer("lateStreakThreshold", "Late streak threshold", 3, 1, 64),
				Attr.integer("maxCatchUpFrames", "Maximum catch-up frames", 2, 0, 64));
	}

	@Test
	void importsTheGenlockApiUpToItsNextMajorVersion() {
		// built against genlock.api 0.2.0, whose playout package is 1.0: any 1.x binds, 2.0 would not
		Bundle policy = bundle();
		String imports = policy.getHeaders().get("Import-Package");
		assertThat(imports).contains("org.genlock.api.playout;version=\"[1.0,2)\"");
		assertThat(policy.getVersion()).isIn(Version.parseVersion("1.0.0"), Version.parseVersion("2.0.0"));
	}
}
