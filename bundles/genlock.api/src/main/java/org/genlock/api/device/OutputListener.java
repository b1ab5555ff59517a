package org.genlock.api.device;

import org.genlock.api.frame.FrameBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what happened to scheduled frames, like DeckLink's
 * {@code IDeckLinkVideoOutputCallback}.
 *
 * <p>Implemented by the backend and passed to {@link VideoOutputDevice#open} or
 * {@link OutputSession#setListener}; called by the device ({@code @ConsumerType} because the
 * device calls it and a backend implements it, so adding a method is a major change).
 *
 * <p>All methods are called on the device's callback thread, one at a time, never
 * concurrently with each other. They must return quickly: they must not block (no locks
 * that a slow thread may hold, no I/O, no waiting for a render), and
 * {@link #frameCompleted} must not allocate. Typically the listener records the result and
 * hands off to the backend's completion worker.
 */
@ConsumerType
public interface OutputListener {

	/**
	 * Reports a frame the device accepted in {@link OutputSession#schedule}; called exactly
	 * once per accepted frame. From this call on the device no longer reads the frame and
	 * ownership is back with the backend. Must not block or allocate.
	 *
	 * @param frame           the frame that was scheduled
	 * @param displayIndex    the display index it was scheduled for
	 * @param result          how it ended
	 * @param completionNanos when the device reported it, on the {@link System#nanoTime()}
	 *                        clock
	 */
	void frameCompleted(FrameBuffer frame, long displayIndex, CompletionResult result, long completionNanos);

	/**
	 * Reports that scheduled playback has stopped and every frame scheduled in it has been
	 * reported. Must not block; may allocate (it is rare).
	 */
	void playbackStopped();

	/**
	 * Reports that the device failed (unplugged, driver error) and cannot continue. Frames it
	 * still holds are reported as {@link CompletionResult#FLUSHED} before
	 * {@link OutputSession#close()} returns; until then their memory must be treated as in
	 * use by the device (the backend parks such slots). Must not block; may allocate.
	 *
	 * @param reason what failed, for operators
	 */
	void deviceFailed(String reason);
}
