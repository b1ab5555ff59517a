package org.genlock.api.backend;

import java.time.Instant;

/**
 * One lifecycle transition of a channel, as it happened. Immutable; can only describe a
 * transition the {@link BackendState} table allows.
 *
 * @param from     the state left
 * @param to       the state entered; {@code from.canTransitionTo(to)}
 * @param reason   why, for operators (e.g. {@code "start requested"}, the failure
 *                 message); not blank
 * @param nanoTime when, on the {@link System#nanoTime()} clock, for ordering and durations
 * @param wallTime when, on the wall clock, for display
 */
public record StateTransition(BackendState from, BackendState to, String reason, long nanoTime, Instant wallTime) {

	/**
	 * Validates against the transition table.
	 *
	 * @param from the state left
	 * @param to the state entered; {@code from.canTransitionTo(to)}
	 * @param reason why, for operators (e.g. {@code "start requested"}, the failure message); not blank
	 * @param nanoTime when, on the {@link System#nanoTime()} clock, for ordering and durations
	 * @param wallTime when, on the wall clock, for display
	 * @throws IllegalArgumentException if a field is missing or the transition is not allowed,
	 *                                  naming the allowed successors
	 */
	public StateTransition {
		if (from == null || to == null) {
			throw new IllegalArgumentException("StateTransition " + from + " -> " + to + ": from and to must not be null");
		}
		if (!isAllowed(from, to)) {
			throw new IllegalArgumentException("StateTransition " + from + " -> " + to + " is not allowed; from " + from
					+ " the allowed states are " + from.successors());
		}
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("StateTransition " + from + " -> " + to + ": reason must not be blank");
		}
		if (wallTime == null) {
			throw new IllegalArgumentException("StateTransition " + from + " -> " + to + ": wallTime must not be null");
		}
	}

	/**
	 * Returns whether the lifecycle allows a transition.
	 *
	 * @param from the current state
	 * @param to   the next state
	 * @return {@code true} if allowed; {@code false} also for {@code null} arguments
	 */
	public static boolean isAllowed(BackendState from, BackendState to) {
		return from != null && from.canTransitionTo(to);
	}
}
