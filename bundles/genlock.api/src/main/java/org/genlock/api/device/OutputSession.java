package org.genlock.api.device;

import org.genlock.api.frame.FrameAllocator;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open output in one format: frames are scheduled for display indices, preroll is
 * scheduled before {@link #startScheduledPlayback(long)}, and every accepted frame comes back
 * exactly once through {@link OutputListener#frameCompleted}.
 *
 * <p>Implemented by device bundles ({@code @ConsumerType}: every device implements it).
 *
 * <h2>Threads</h2> {@link #schedule}, {@link #bufferedFrameCount()} and
 * {@link #displayIndexNow()} are hot-path calls: they never block and never allocate, and
 * may be called from the backend's completion worker (which may be the listener callback
 * itself). The other methods are control calls from the backend's control thread and may
 * block.
 *
 * <h2>Handover</h2> A session holds no static state and is not tied to the object that
 * opened it: it (together with the frames it holds) can be handed over to a new backend
 * instance, e.g. while the backend bundle is updated, without a gap on air. The new owner
 * takes over completions with {@link #setListener(OutputListener)}.
 *
 * <h2>Display indices</h2> A display index is a frame number on the device's time line:
 * index {@code i} is shown at time {@code i * frameDuration / timescale} after index 0 (see
 * {@link org.genlock.api.video.FrameTime}). Indices are {@code >= 0}.
 */
@ConsumerType
public interface OutputSession extends AutoCloseable {

	/**
	 * Returns the format this session was opened with.
	 *
	 * @return the format
	 */
	VideoFormat format();

	/**
	 * Returns the allocator for frame pool memory in this session's format. A device without
	 * special memory returns an allocator of direct buffers.
	 *
	 * @return the allocator; the same object for the life of the session
	 */
	FrameAllocator allocator();

	/**
	 * Schedules a frame for display at a display index. Never blocks, never allocates.
	 *
	 * <p>If accepted ({@code true}), the device may read the frame's memory until it reports
	 * the frame, exactly once, through {@link OutputListener#frameCompleted}; the caller must
	 * not write the frame in that window. If refused ({@code false}: the device's buffer is
	 * full, the index is not after the previous one, or playback was stopped), ownership stays
	 * with the caller and no completion will be reported for it.
	 *
	 * @param frame        a pool frame in this session's format
	 * @param displayIndex the display index, {@code >= 0}, greater than any index scheduled
	 *                     before in this playback
	 * @return {@code true} if the device now holds the frame
	 */
	boolean schedule(FrameBuffer frame, long displayIndex);

	/**
	 * Starts the device clock so that {@code firstDisplayIndex} goes to air next. Frames
	 * scheduled before this call are the preroll. Control call; may block briefly.
	 *
	 * @param firstDisplayIndex the first display index to show, {@code >= 0}
	 * @throws DeviceException if playback cannot start (already running, hardware error)
	 */
	void startScheduledPlayback(long firstDisplayIndex) throws DeviceException;

	/**
	 * Returns how many accepted frames the device holds and has not yet completed. Never
	 * blocks.
	 *
	 * @return the number of frames scheduled but not yet reported
	 */
	int bufferedFrameCount();

	/**
	 * Returns the display index on air now, by the device's clock. Never blocks.
	 *
	 * @return the current display index, or {@code -1} if playback is not running
	 */
	long displayIndexNow();

	/**
	 * Returns whether frames air at their slot times on the device's clock (every real output,
	 * and the clock device's paced mode) or as soon as they are scheduled (a free-running
	 * output such as a file encoder or a throughput benchmark). A backend fills a paced
	 * output's slots when no fresh frame is ready; it follows the renderer on a free-running
	 * one: every display index gets a freshly rendered frame, however long it takes. Never
	 * blocks; the answer does not change for the life of the session.
	 *
	 * @return {@code true} by default
	 * @since 1.1
	 */
	default boolean paced() {
		return true;
	}

	/**
	 * Sets the device's keyer for this session: the picture's alpha keys it over the device's
	 * input ({@link KeyerMode#INTERNAL}) or goes out as fill and key
	 * ({@link KeyerMode#EXTERNAL}). Control call, after open and before playback. A device
	 * without a keyer accepts only {@link KeyerMode#OFF}.
	 *
	 * @param mode  the keyer mode, not {@code null}
	 * @param level the key's opacity, 0-255
	 * @throws DeviceException naming the device and why it cannot key this way
	 * @since 1.2
	 */
	default void setKeyer(KeyerMode mode, int level) throws DeviceException {
		if (mode != KeyerMode.OFF) {
			throw new DeviceException("the device has no keyer; keyer " + mode.name().toLowerCase(java.util.Locale.ROOT)
					+ " needs one (set keyer to off)");
		}
	}

	/**
	 * Returns the state of the device's reference input now (lock and detected format). Control
	 * call: cheap, may ask the hardware, never blocks long; not for the hot path.
	 *
	 * @return the reference state; {@link ReferenceStatus#NOT_SUPPORTED} by default
	 * @since 1.2
	 */
	default ReferenceStatus reference() {
		return ReferenceStatus.NOT_SUPPORTED;
	}

	/**
	 * Stops playback. Frames still scheduled are reported as
	 * {@link CompletionResult#FLUSHED}, then {@link OutputListener#playbackStopped()} is
	 * called. May return before those callbacks have happened. The session stays open and
	 * playback may be started again. Stopping when not playing does nothing.
	 */
	void stopScheduledPlayback();

	/**
	 * Replaces the listener, for a handover to a new backend instance. Called between frames
	 * from a control thread. When this returns, any callback in progress on the old listener
	 * has returned and every later callback goes to the new one; no completion is lost or
	 * reported twice. May block for the duration of one callback.
	 *
	 * @param listener the new listener, not {@code null}
	 */
	void setListener(OutputListener listener);

	/**
	 * Stops playback if running and releases the device. When this returns, every frame the
	 * device accepted has been reported (as {@code FLUSHED} if not shown) and the listener is
	 * never called again, so the caller may reuse or free every frame. Memory from
	 * {@link #allocator()} stays valid until released. Idempotent; does not throw.
	 */
	@Override
	void close();

	/**
	 * Returns how many audio channels of each frame this session puts out (reads from
	 * {@link org.genlock.api.frame.FrameBuffer#audio()}); 0 if it drops audio. For status and
	 * tests; control thread.
	 *
	 * @return audio channels carried; 0 by default
	 * @since 1.2
	 */
	default int audioChannels() {
		return 0;
	}
}
