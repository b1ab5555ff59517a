package org.genlock.backend.internal;

import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.render.Renderer;

/**
 * Service property names used in {@code <reference>.target} filters, and the ids services
 * report about themselves, read defensively (a service that throws from {@code info()} or
 * {@code id()} is still bound, under a placeholder id).
 */
final class ServiceIds {

	static final String DEVICE_ID = "genlock.device.id";
	static final String RENDERER_ID = "genlock.renderer.id";
	static final String POLICY_ID = "genlock.policy.id";
	static final String STRATEGY_ID = "genlock.strategy.id";

	private ServiceIds() {
	}

	static String of(VideoOutputDevice d) {
		return safe(() -> d.info().id(), d);
	}

	static String of(Renderer r) {
		return safe(() -> r.info().id(), r);
	}

	static String of(PlayoutPolicy p) {
		return safe(p::id, p);
	}

	static String of(UnderrunStrategy s) {
		return safe(s::id, s);
	}

	private static String safe(java.util.function.Supplier<String> id, Object service) {
		try {
			String s = id.get();
			return s == null || s.isBlank() ? "unnamed:" + service.getClass().getSimpleName() : s;
		} catch (RuntimeException e) {
			return "unnamed:" + service.getClass().getSimpleName();
		}
	}
}
