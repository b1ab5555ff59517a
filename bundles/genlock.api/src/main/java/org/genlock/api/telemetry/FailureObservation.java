package org.genlock.api.telemetry;

import java.time.Instant;

/**
 * A component of a channel failed: the device, the renderer, a policy or strategy that threw
 * or overran its time budget.
 *
 * @param channelId the channel
 * @param component what failed, e.g. {@code "device:decklink-0"}, {@code "renderer:gl"};
 *                  not blank
 * @param message   what happened, for operators; not null
 * @param time      when
 */
public record FailureObservation(String channelId, String component, String message, Instant time)
		implements Observation {

	/**
	 * Validates.
	 *
	 * @param channelId the channel
	 * @param component what failed, e.g. {@code "device:decklink-0"}, {@code "renderer:gl"}; not blank
	 * @param message what happened, for operators; not null
	 * @param time when
	 * @throws IllegalArgumentException if a field is missing
	 */
	public FailureObservation {
		Checks.common("FailureObservation", channelId, time);
		if (component == null || component.isBlank()) {
			throw new IllegalArgumentException("FailureObservation of channel " + channelId
					+ ": component must not be blank");
		}
		Checks.notNull("FailureObservation", channelId, "message", message);
	}

	@Override
	public String topic() {
		return Topics.FAILURE;
	}
}
