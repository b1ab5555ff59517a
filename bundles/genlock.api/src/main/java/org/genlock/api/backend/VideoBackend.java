package org.genlock.api.backend;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One output channel: drives an output device at the frame rate with frames from a renderer,
 * under a playout policy and an underrun strategy. Registered as a service per channel by
 * the backend bundle, with the channel id as a service property.
 *
 * <p>Implemented by the backend bundle ({@code @ProviderType}: consoles, shells and
 * telemetry only call it, so methods may be added in minor versions).
 *
 * <p>All methods are thread-safe and are control or monitoring calls, never on the hot
 * path. None of them waits for the device.
 */
@ProviderType
public interface VideoBackend {

	/**
	 * Returns the channel's identifier.
	 *
	 * @return the channel id, stable for the life of the service
	 */
	String channelId();

	/**
	 * Returns the current lifecycle state.
	 *
	 * @return the state
	 */
	BackendState state();

	/**
	 * Builds a status snapshot on the caller's thread. Allocates; intended for polling at
	 * human rates (console, health checks), not per frame.
	 *
	 * @return the snapshot
	 */
	ChannelStatus status();

	/**
	 * Returns the per-frame log.
	 *
	 * @return the log; the same object for the life of the service
	 */
	FrameLog frameLog();

	/**
	 * Requests the channel to go on air: discovery, configuration, preroll, running. Returns
	 * once the request is accepted; progress is visible in {@link #state()} and as lifecycle
	 * observations. Does nothing if the channel is already {@link BackendState#isWorking()
	 * working}; from {@code STOPPED} or {@code FAILED} it restarts at discovery.
	 */
	void start();

	/**
	 * Requests the channel to stop: outstanding frames are flushed and returned, the session
	 * is closed and the state becomes {@code STOPPED}. Returns once the request is accepted.
	 * Does nothing if already stopped or never started.
	 */
	void stop();

	/**
	 * Returns the most recent lifecycle transitions, oldest first (a bounded history, e.g.
	 * the last 32).
	 *
	 * @return an immutable list
	 */
	List<StateTransition> recentTransitions();

	/**
	 * Samples the next frame that airs into a picture of at most {@code maxWidth} x
	 * {@code maxHeight} pixels with the frame's aspect ratio (point-sampled, colour converted
	 * from the channel's pixel format). The completion worker samples the frame when the
	 * device reports it aired, before its slot is reused, at a cost of one read per output
	 * pixel; the caller's thread waits and allocates. For human rates (thumbnails, preview
	 * windows), not per frame: concurrent callers are served one after the other.
	 *
	 * @param maxWidth      the widest picture wanted, 1..1920
	 * @param maxHeight     the tallest picture wanted, 1..1080
	 * @param timeoutMillis how long to wait for a frame to air, 0..10000
	 * @return the picture, or empty if the channel is not on air or nothing aired in time
	 * @throws IllegalArgumentException if a size or the timeout is out of range
	 * @throws InterruptedException if the caller is interrupted while waiting
	 * @since 1.1
	 */
	Optional<PreviewFrame> preview(int maxWidth, int maxHeight, long timeoutMillis) throws InterruptedException;

	/**
	 * Returns the channel's taps (the outputs its {@code taps.target} selects besides the
	 * device) with their state and counters. Allocates; for polling at human rates.
	 *
	 * @return an immutable list, in the order the taps were bound; empty without taps
	 * @since 1.3
	 */
	default List<org.genlock.api.tap.TapStatus> taps() {
		return List.of();
	}

	/**
	 * Returns how long ago the channel's completion worker last went round its loop. While
	 * the channel plays, the worker goes round at least every few frame periods even when
	 * the device reports nothing, so a large value means the worker hangs (for a service
	 * manager's watchdog). Does not allocate.
	 *
	 * @return nanoseconds since the worker's last turn, or {@code -1} when the channel has no
	 *         completion worker (not prerolling or on air)
	 * @since 1.3
	 */
	default long completionWorkerIdleNanos() {
		return -1;
	}

	/**
	 * Returns the channel's audio meters and counters. Allocates; for polling at human rates
	 * (the meters are computed on the channel's own meter thread, never on this call).
	 *
	 * @return the audio status; {@link AudioStatus#NONE} when the channel carries no audio
	 * @since 1.3
	 */
	default AudioStatus audio() {
		return AudioStatus.NONE;
	}
}
