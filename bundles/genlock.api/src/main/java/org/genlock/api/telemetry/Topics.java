package org.genlock.api.telemetry;

/**
 * EventAdmin topics and event property names under which the backend publishes
 * {@link Observation}s. Subscribe to {@link #ALL} for every kind.
 */
public final class Topics {

	private Topics() {}

	/** Common prefix of all channel topics. */
	public static final String PREFIX = "org/genlock/channel/";
	/** Every channel topic, for an {@code event.topics} subscription. */
	public static final String ALL = PREFIX + "*";
	/** {@link LifecycleObservation}s. */
	public static final String STATE = PREFIX + "STATE";
	/** {@link SwapObservation}s. */
	public static final String SWAP = PREFIX + "SWAP";
	/** {@link UnderrunObservation}s. */
	public static final String UNDERRUN = PREFIX + "UNDERRUN";
	/** {@link RecoveryObservation}s. */
	public static final String RECOVERY = PREFIX + "RECOVERY";
	/** {@link PoolObservation}s. */
	public static final String POOL = PREFIX + "POOL";
	/** {@link FailureObservation}s. */
	public static final String FAILURE = PREFIX + "FAILURE";

	/** Event property holding the channel id (a String). */
	public static final String PROPERTY_CHANNEL = "channel";
	/** Event property holding the {@link Observation} itself. */
	public static final String PROPERTY_OBSERVATION = "observation";
}
