package org.genlock.api.playout;

import org.genlock.api.device.CompletionResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the backend measured at one frame completion, the input of
 * {@link PlayoutPolicy#onCompletion}.
 *
 * <p>Implemented by the backend ({@code @ProviderType}: policies only read it). A reused
 * object, valid only during the call; accessors never allocate.
 */
@ProviderType
public interface CompletionObservation {

	/**
	 * Returns how the completed frame ended.
	 *
	 * @return the completion result
	 */
	CompletionResult result();

	/**
	 * Returns the display index of the completed frame.
	 *
	 * @return the completed index
	 */
	long completedIndex();

	/**
	 * Returns the highest display index scheduled so far.
	 *
	 * @return the scheduled index
	 */
	long scheduledIndex();

	/**
	 * Returns the number of frames in the ready queue.
	 *
	 * @return the ready depth
	 */
	int readyDepth();

	/**
	 * Returns the current ready target (the settings' target plus any adaptive headroom).
	 *
	 * @return the ready target
	 */
	int readyTarget();

	/**
	 * Returns the number of frames the device holds, as the device reports it.
	 *
	 * @return the device-buffered count
	 */
	int deviceBuffered();

	/**
	 * Returns how far scheduling is ahead of the device clock, in frames:
	 * {@code scheduledIndex - displayIndexNow}. Low or negative means late frames are next.
	 *
	 * @return the scheduled lead
	 */
	long scheduledLead();

	/**
	 * Returns the number of consecutive completions that were {@code DISPLAYED_LATE},
	 * including this one.
	 *
	 * @return the late streak, 0 if this one was not late
	 */
	int lateStreak();

	/**
	 * Returns the number of consecutive completions that were {@code DROPPED}, including this
	 * one.
	 *
	 * @return the drop streak, 0 if this one was not dropped
	 */
	int dropStreak();

	/**
	 * Returns how late the completion was against the frame's due time, in nanoseconds;
	 * negative if early.
	 *
	 * @return the lateness
	 */
	long latenessNanos();

	/**
	 * Returns the settings in force.
	 *
	 * @return the settings
	 */
	PlayoutSettings settings();
}
