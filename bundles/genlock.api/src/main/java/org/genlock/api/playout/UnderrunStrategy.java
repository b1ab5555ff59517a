package org.genlock.api.playout;

import org.genlock.api.frame.FrameBuffer;
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

	/**
	 * Draws the picture that {@link UnderrunAction#SLATE} airs. The backend calls this off the
	 * hot path, on its own thread, when the strategy is bound and whenever the channel's
	 * format changes, into a backend-owned template buffer (not a pool slot) that it later
	 * copies into pool slots; the strategy must not keep {@code target}. Premultiplied pixels
	 * in {@code target.format().pixelFormat()}.
	 *
	 * <p>The default draws nothing and returns {@code false}: the backend then treats SLATE as
	 * {@link UnderrunAction#BLACK} (and reports {@link UnderrunContext#slateAvailable()} as
	 * {@code false}).
	 *
	 * @param target the template buffer to fill completely
	 * @return whether a slate was drawn
	 */
	default boolean drawSlate(FrameBuffer target) {
		return false;
	}
}
