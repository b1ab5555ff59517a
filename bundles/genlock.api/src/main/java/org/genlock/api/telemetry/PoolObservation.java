package org.genlock.api.telemetry;

import java.time.Instant;

import org.genlock.api.backend.PoolStatus;

/**
 * Something happened to the frame pool outside normal circulation: slots reclaimed from a
 * vanished renderer, parked, the pool rebuilt, or the accounting invariant found broken.
 *
 * @param channelId the channel
 * @param pool      the accounting after the event
 * @param event     what happened, a short word such as {@code "reclaimed"}, {@code "parked"},
 *                  {@code "rebuilt"}, {@code "invariant-violated"}; not blank
 * @param time      when
 */
public record PoolObservation(String channelId, PoolStatus pool, String event, Instant time) implements Observation {

	/**
	 * Validates.
	 *
	 * @param channelId the channel
	 * @param pool the accounting after the event
	 * @param event what happened, a short word such as {@code "reclaimed"}, {@code "parked"}, {@code "rebuilt"}, {@code "invariant-violated"}; not blank
	 * @param time when
	 * @throws IllegalArgumentException if a field is missing
	 */
	public PoolObservation {
		Checks.common("PoolObservation", channelId, time);
		Checks.notNull("PoolObservation", channelId, "pool", pool);
		if (event == null || event.isBlank()) {
			throw new IllegalArgumentException("PoolObservation of channel " + channelId + ": event must not be blank");
		}
	}

	@Override
	public String topic() {
		return Topics.POOL;
	}
}
