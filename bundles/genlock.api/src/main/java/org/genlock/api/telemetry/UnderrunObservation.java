package org.genlock.api.telemetry;

import java.time.Instant;

import org.genlock.api.playout.UnderrunAction;

/**
 * No fresh frame was ready for a display index. Published when an underrun run starts and
 * rate-limited while it lasts (each index is in the frame log); {@code consecutive} tells
 * how long the run is.
 *
 * @param channelId    the channel
 * @param displayIndex the display index that underran
 * @param action       the action taken
 * @param consecutive  consecutive underruns including this one, {@code >= 1}
 * @param time         when
 */
public record UnderrunObservation(String channelId, long displayIndex, UnderrunAction action, int consecutive,
		Instant time) implements Observation {

	/**
	 * Validates.
	 *
	 * @param channelId the channel
	 * @param displayIndex the display index that underran
	 * @param action the action taken
	 * @param consecutive consecutive underruns including this one, {@code >= 1}
	 * @param time when
	 * @throws IllegalArgumentException if a field is missing or out of range
	 */
	public UnderrunObservation {
		Checks.common("UnderrunObservation", channelId, time);
		Checks.notNull("UnderrunObservation", channelId, "action", action);
		if (consecutive < 1) {
			throw new IllegalArgumentException("UnderrunObservation of channel " + channelId + ": consecutive is "
					+ consecutive + " but must be >= 1");
		}
	}

	@Override
	public String topic() {
		return Topics.UNDERRUN;
	}
}
