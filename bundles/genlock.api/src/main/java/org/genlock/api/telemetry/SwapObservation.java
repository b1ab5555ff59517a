package org.genlock.api.telemetry;

import java.time.Instant;

/**
 * A service or the program was swapped live. The frame log shows the new
 * {@code generation} from {@code atDisplayIndex} on.
 *
 * @param channelId      the channel
 * @param kind           what was swapped
 * @param fromId         the id of what was in force before, or {@code null} if nothing
 * @param toId           the id of what is in force now, or {@code null} if nothing (unbound)
 * @param generation     the new generation of that binding
 * @param atDisplayIndex the first display index produced under the new binding, or
 *                       {@code -1} if not on air
 * @param time           when the swap happened
 * @param reason         why, for operators (e.g. "selected; delivered in time", "fallback: gl
 *                       delivered no frame for 500 ms"), or {@code null} for a plain
 *                       binding change (since 1.1)
 */
public record SwapObservation(String channelId, SwapKind kind, String fromId, String toId, long generation,
		long atDisplayIndex, Instant time, String reason) implements Observation {

	/**
	 * Validates.
	 *
	 * @param channelId the channel
	 * @param kind what was swapped
	 * @param fromId the id of what was in force before, or {@code null} if nothing
	 * @param toId the id of what is in force now, or {@code null} if nothing (unbound)
	 * @param generation the new generation of that binding
	 * @param atDisplayIndex the first display index produced under the new binding, or {@code -1} if not on air
	 * @param time when the swap happened
	 * @param reason why, for operators, or {@code null}
	 * @throws IllegalArgumentException if a required field is missing
	 */
	public SwapObservation {
		Checks.common("SwapObservation", channelId, time);
		Checks.notNull("SwapObservation", channelId, "kind", kind);
	}

	@Override
	public String topic() {
		return Topics.SWAP;
	}

	/**
	 * A swap without a reason: a plain binding change.
	 *
	 * @param channelId the channel
	 * @param kind what was swapped
	 * @param fromId the id of what was in force before, or {@code null} if nothing
	 * @param toId the id of what is in force now, or {@code null} if nothing (unbound)
	 * @param generation the new generation of that binding
	 * @param atDisplayIndex the first display index produced under the new binding, or {@code -1} if not on air
	 * @param time when the swap happened
	 */
	public SwapObservation(String channelId, SwapKind kind, String fromId, String toId, long generation,
			long atDisplayIndex, Instant time) {
		this(channelId, kind, fromId, toId, generation, atDisplayIndex, time, null);
	}
}
