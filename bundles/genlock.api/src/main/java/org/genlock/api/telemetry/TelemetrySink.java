package org.genlock.api.telemetry;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a channel's observations. Registered as a service (0..n) by telemetry bundles;
 * the backend delivers every observation to every sink.
 *
 * <p>Implemented by telemetry consumers ({@code @ConsumerType}: adding a method is a major
 * change).
 *
 * <p>Called off the hot path, from the backend's event thread, one observation at a time
 * per channel, in the order they happened. Must not block (queue work elsewhere if it is
 * slow); an exception is logged and ignored. Per-frame data does not come through here:
 * poll {@link org.genlock.api.backend.VideoBackend#frameLog()} for it.
 */
@ConsumerType
public interface TelemetrySink {

	/**
	 * Receives one observation.
	 *
	 * @param observation the observation; immutable, may be kept
	 */
	void observe(Observation observation);
}
