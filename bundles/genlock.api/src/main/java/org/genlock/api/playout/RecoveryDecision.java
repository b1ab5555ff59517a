package org.genlock.api.playout;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The output of {@link PlayoutPolicy#onCompletion}: what the backend should do after a
 * completion.
 *
 * <p>Implemented by the backend ({@code @ProviderType}: policies only fill it). A reused
 * object, valid only during the call. Before each call the backend resets it to no action:
 * {@code catchUpFrames 0}, {@code headroomDelta 0}, {@code degraded} = the channel's current
 * degraded state, {@code reason NONE}. Setters return {@code this} for chaining and never
 * allocate.
 */
@ProviderType
public interface RecoveryDecision {

	/**
	 * Sets how many display indices to skip so scheduling catches up with the device clock;
	 * the backend caps it at {@link PlayoutSettings#maxCatchUpFrames()}.
	 *
	 * @param frames frames to skip, {@code >= 0}
	 * @return this
	 * @throws IllegalArgumentException if negative
	 */
	RecoveryDecision catchUpFrames(int frames);

	/**
	 * Sets a change of the ready target; the backend keeps the target within
	 * {@code targetReadyFrames..}{@link PlayoutSettings#readyTargetCeiling()}.
	 *
	 * @param delta frames to add (negative to remove)
	 * @return this
	 */
	RecoveryDecision headroomDelta(int delta);

	/**
	 * Sets whether the channel should be {@code DEGRADED} (on air but impaired) or back to
	 * {@code RUNNING}.
	 *
	 * @param degraded the desired state
	 * @return this
	 */
	RecoveryDecision degraded(boolean degraded);

	/**
	 * Sets the reason, for telemetry.
	 *
	 * @param reason the reason, not {@code null}
	 * @return this
	 */
	RecoveryDecision reason(RecoveryReason reason);

	/**
	 * Returns the catch-up set so far.
	 *
	 * @return frames to skip
	 */
	int catchUpFrames();

	/**
	 * Returns the headroom change set so far.
	 *
	 * @return the delta
	 */
	int headroomDelta();

	/**
	 * Returns the degraded state set so far.
	 *
	 * @return whether degraded
	 */
	boolean degraded();

	/**
	 * Returns the reason set so far.
	 *
	 * @return the reason
	 */
	RecoveryReason reason();
}
