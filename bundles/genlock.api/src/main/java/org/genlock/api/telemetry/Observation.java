package org.genlock.api.telemetry;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A rare event of a channel. Sealed: the records of this package are the complete set, so a
 * consumer can handle every kind; a new kind is a new minor version of this package.
 *
 * <p>Implemented only by the records of this package ({@code @ProviderType}: consumers
 * receive observations, they never implement this interface).
 */
@ProviderType
public sealed interface Observation permits LifecycleObservation, SwapObservation, UnderrunObservation,
		RecoveryObservation, PoolObservation, FailureObservation {

	/**
	 * Returns the channel the event belongs to.
	 *
	 * @return the channel id
	 */
	String channelId();

	/**
	 * Returns when the event happened, on the wall clock.
	 *
	 * @return the time
	 */
	Instant time();

	/**
	 * Returns the EventAdmin topic this kind of observation is published under.
	 *
	 * @return one of the {@link Topics} constants
	 */
	String topic();
}
