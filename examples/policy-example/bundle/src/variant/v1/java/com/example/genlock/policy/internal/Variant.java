package com.example.genlock.policy.internal;

/** What differs between the v1 and v2 builds of this example (see the project's pom). */
final class Variant {

	/** The default ready-queue depth the producer aims for. */
	static final int TARGET_READY_FRAMES = 2;

	private Variant() {
	}
}
