package com.example.genlock.policy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration (PID {@value ExamplePolicy#PID}), described for the Web Console. */
@ObjectClassDefinition(name = "Example playout policy",
		description = "Buffer depths at 50 frames/s (scaled to the channel's rate) and when to catch up")
@interface Config {

	@AttributeDefinition(name = "Preroll frames", min = "2", max = "64",
			description = "Frames scheduled ahead of the device clock")
	int prerollFrames() default 4;

	@AttributeDefinition(name = "Target ready frames", min = "1", max = "64",
			description = "Rendered frames the producer keeps ready; at most the maximum")
	int targetReadyFrames() default Variant.TARGET_READY_FRAMES;

	@AttributeDefinition(name = "Maximum ready frames", min = "1", max = "64",
			description = "Capacity of the ready queue")
	int maxReadyFrames() default 4;

	@AttributeDefinition(name = "Late streak threshold", min = "1", max = "64",
			description = "Consecutive late or dropped frames before the policy acts")
	int lateStreakThreshold() default 3;

	@AttributeDefinition(name = "Maximum catch-up frames", min = "0", max = "64",
			description = "Display indices one decision may skip; at most the preroll (0: never skip)")
	int maxCatchUpFrames() default 2;
}
