package org.genlock.api.telemetry;

import java.time.Instant;

import org.genlock.api.backend.StateTransition;

/**
 * A channel changed lifecycle state.
 *
 * @param channelId  the channel
 * @param transition the transition; its wall time is {@link #time()}
 */
public record LifecycleObservation(String channelId, StateTransition transition) implements Observation {

	/**
	 * Validates.
	 *
	 * @param channelId the channel
	 * @param transition the transition; its wall time is {@link #time()}
	 * @throws IllegalArgumentException if a field is missing
	 */
	public LifecycleObservation {
		if (transition == null) {
			throw new IllegalArgumentException("LifecycleObservation of channel " + channelId
					+ ": transition must not be null");
		}
		Checks.common("LifecycleObservation", channelId, transition.wallTime());
	}

	/** Returns the transition's wall time. */
	@Override
	public Instant time() {
		return transition.wallTime();
	}

	@Override
	public String topic() {
		return Topics.STATE;
	}
}
