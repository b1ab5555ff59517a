package org.genlock.api.backend;

import java.util.List;

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
}
