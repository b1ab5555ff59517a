package org.genlock.api.playout;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides what goes to air when no fresh frame is ready. Registered as a service by a
 * strategy bundle; the backend binds one dynamically and may swap it at a frame boundary.
 * With none bound, the backend uses built-in black.
 *
 * <p>Implemented by strategy bundles ({@code @ConsumerType}: every strategy implements it,
 * so adding a method is a major change).
 */
@ConsumerType
public interface UnderrunStrategy {

	/**
	 * Returns a stable identifier for telemetry and {@code .target} filters.
	 *
	 * @return the id, e.g. {@code "repeat-newest"}
	 */
	String id();

	/**
	 * Chooses the fill for one display index. Called on the backend's completion worker, the
	 * hot path: must not allocate, block or throw. The context is reused and valid only
	 * during the call.
	 *
	 * @param context the situation
	 * @return an action, never {@code null}
	 */
	UnderrunAction onUnderrun(UnderrunContext context);
}
