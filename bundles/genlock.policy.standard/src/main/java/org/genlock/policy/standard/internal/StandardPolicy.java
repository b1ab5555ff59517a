package org.genlock.policy.standard.internal;

import static org.genlock.policy.support.PolicyMetatype.*;

import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.policy.support.CatchUpPace;
import org.genlock.policy.support.ConfigurablePolicy;
import org.genlock.policy.support.PolicyDefaults.Standard;
import org.genlock.policy.support.PolicyParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The playout policy for robust broadcast playout: generous depths (80 ms scheduled ahead at
 * 50p), adaptive headroom, and gradual measured catch-up after late or dropped frames.
 *
 * <p>The instance keeps no per-channel state: every recovery decision is derived from the
 * backend's observation (see {@link org.genlock.policy.support.Recovery}), so one instance
 * serves any number of channels.
 */
@Component(service = PlayoutPolicy.class, immediate = true, configurationPid = StandardPolicy.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL,
		property = StandardPolicy.ID_PROPERTY + "=" + StandardPolicy.ID)
@Designate(ocd = StandardPolicy.Config.class)
public class StandardPolicy extends ConfigurablePolicy {

	/** The configuration PID, the bundle symbolic name. */
	static final String PID = "genlock.policy.standard";
	/** The policy id, in telemetry and in {@code policy.target} filters. */
	static final String ID = "standard";

	@ObjectClassDefinition(name = "Genlock playout policy: standard",
			description = "Buffer depths and late/drop recovery for robust broadcast playout. " + DESCRIPTION)
	@interface Config {
		@AttributeDefinition(name = FRAME_POOL_SIZE, min = "0", max = MAX_POOL,
				description = FRAME_POOL_SIZE_DESCRIPTION)
		int framePoolSize() default Standard.FRAME_POOL_SIZE;

		@AttributeDefinition(name = PREROLL_FRAMES, min = "1", max = MAX_DEPTH,
				description = PREROLL_FRAMES_DESCRIPTION + " (4 = 80 ms at 50p)")
		int prerollFrames() default Standard.PREROLL_FRAMES;

		@AttributeDefinition(name = TARGET_READY_FRAMES, min = "1", max = MAX_DEPTH,
				description = TARGET_READY_FRAMES_DESCRIPTION)
		int targetReadyFrames() default Standard.TARGET_READY_FRAMES;

		@AttributeDefinition(name = MAX_READY_FRAMES, min = "1", max = MAX_DEPTH,
				description = MAX_READY_FRAMES_DESCRIPTION)
		int maxReadyFrames() default Standard.MAX_READY_FRAMES;

		@AttributeDefinition(name = MIN_SPARE_DEVICE_BUFFERS, min = "0", max = MAX_DEPTH,
				description = MIN_SPARE_DEVICE_BUFFERS_DESCRIPTION)
		int minSpareDeviceBuffers() default Standard.MIN_SPARE_DEVICE_BUFFERS;

		@AttributeDefinition(name = MAX_CATCH_UP_FRAMES, min = "0", max = MAX_DEPTH,
				description = MAX_CATCH_UP_FRAMES_DESCRIPTION)
		int maxCatchUpFrames() default Standard.MAX_CATCH_UP_FRAMES;

		@AttributeDefinition(name = ADAPTIVE_HEADROOM, description = ADAPTIVE_HEADROOM_DESCRIPTION)
		boolean adaptiveHeadroom() default Standard.ADAPTIVE_HEADROOM;

		@AttributeDefinition(name = MAX_HEADROOM_FRAMES, min = "0", max = MAX_DEPTH,
				description = MAX_HEADROOM_FRAMES_DESCRIPTION)
		int maxHeadroomFrames() default Standard.MAX_HEADROOM_FRAMES;

		@AttributeDefinition(name = SCALE_WITH_FRAME_RATE, description = SCALE_WITH_FRAME_RATE_DESCRIPTION)
		boolean scaleWithFrameRate() default Standard.SCALE_WITH_FRAME_RATE;

		@AttributeDefinition(name = LATE_STREAK_THRESHOLD, min = "1", max = MAX_STREAK,
				description = LATE_STREAK_THRESHOLD_DESCRIPTION)
		int lateStreakThreshold() default Standard.LATE_STREAK_THRESHOLD;

		@AttributeDefinition(name = DROP_STREAK_THRESHOLD, min = "1", max = MAX_STREAK,
				description = DROP_STREAK_THRESHOLD_DESCRIPTION)
		int dropStreakThreshold() default Standard.DROP_STREAK_THRESHOLD;

		@AttributeDefinition(name = LOW_LEAD_FRAMES, min = "0", max = MAX_LOW_LEAD,
				description = LOW_LEAD_FRAMES_DESCRIPTION)
		int lowLeadFrames() default Standard.LOW_LEAD_FRAMES;

		@AttributeDefinition(name = HEADROOM_RELEASE_FRAMES, min = "1", max = MAX_RELEASE,
				description = HEADROOM_RELEASE_FRAMES_DESCRIPTION)
		int headroomReleaseFrames() default Standard.HEADROOM_RELEASE_FRAMES;
	}

	/** Starts on the defaults; {@link #configure(Config)} applies the configuration. */
	public StandardPolicy() {
		super(PID, Standard.parameters());
	}

	@Activate
	@Modified
	void configure(Config config) {
		configure(parameters(config));
	}

	static PolicyParameters parameters(Config c) {
		return new PolicyParameters(c.framePoolSize(), c.prerollFrames(), c.targetReadyFrames(), c.maxReadyFrames(),
				c.minSpareDeviceBuffers(), c.maxCatchUpFrames(), c.adaptiveHeadroom(), c.maxHeadroomFrames(),
				c.scaleWithFrameRate(), c.lateStreakThreshold(), c.dropStreakThreshold(), c.lowLeadFrames(),
				c.headroomReleaseFrames(), CatchUpPace.GRADUAL);
	}

	@Override
	public String id() {
		return ID;
	}
}
