package com.example.genlock.policy.itest;

import org.osgi.framework.BundleContext;

/** Which build of the example policy runs (test.bndrun passes {@code example.variant}). */
final class Variant {

	private Variant() {
	}

	/** The documented default ready target: v1 aims for 2 ready frames, v2 for 3. */
	static int targetReadyFrames(BundleContext context) {
		String variant = context.getProperty("example.variant");
		return switch (variant == null ? "v1" : variant) {
			case "v1" -> 2;
			case "v2" -> 3;
			default -> throw new AssertionError("example.variant is '" + variant + "'; the example has v1 and v2");
		};
	}
}
