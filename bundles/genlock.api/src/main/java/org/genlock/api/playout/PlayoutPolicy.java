package org.genlock.api.playout;

import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Owns a channel's buffer depths and its recovery from late and dropped frames. Registered
 * as a service by a policy bundle; the backend binds one dynamically and may swap it at a
 * frame boundary. With none bound, the last applied settings stay in force.
 *
 * <p>Implemented by policy bundles ({@code @ConsumerType}: every policy implements it, so
 * adding a method is a major change).
 */
@ConsumerType
public interface PlayoutPolicy {

	/**
	 * Returns a stable identifier for telemetry and {@code .target} filters.
	 *
	 * @return the id, e.g. {@code "measured"}
	 */
	String id();

	/**
	 * Returns the settings for a format. Called off the hot path, on the backend's control
	 * thread, when the policy is bound and when its configuration changes; may allocate. A
	 * change of pool size or preroll takes effect at the next (re)start, depths at the next
	 * frame.
	 *
	 * @param format the channel's format
	 * @return the settings
	 */
	PlayoutSettings settings(VideoFormat format);

	/**
	 * Decides recovery after each frame completion. Called for every completion on the
	 * backend's completion worker, the hot path: must fill {@code out} without allocating,
	 * blocking or throwing, and return quickly. Both objects are reused and valid only during
	 * the call. {@code out} arrives reset to "no action" (see {@link RecoveryDecision}); the
	 * backend clamps what the policy sets to the limits in {@link
	 * CompletionObservation#settings()}.
	 *
	 * @param in  what was measured
	 * @param out the decision to fill
	 */
	void onCompletion(CompletionObservation in, RecoveryDecision out);
}
