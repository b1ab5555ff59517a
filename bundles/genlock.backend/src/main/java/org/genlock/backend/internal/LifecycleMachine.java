package org.genlock.backend.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.StateTransition;

/**
 * The channel's lifecycle state, validated against the {@link BackendState} table, with a
 * bounded history of transitions and the last failure reason. Pure: no threads, no I/O.
 *
 * <p>Thread-safe: transitions happen under a short lock, because the control thread moves
 * through the lifecycle while the completion worker toggles {@code RUNNING <-> DEGRADED}.
 * The listener is called outside the lock with the transition that happened; the channel's
 * listener only enqueues it for the event thread, so logging and telemetry stay off the
 * hot path.
 */
final class LifecycleMachine {

	/** Transitions kept for {@link #history()}. */
	static final int HISTORY = 64;

	private final Object lock = new Object();
	private final ArrayDeque<StateTransition> history = new ArrayDeque<>(HISTORY);
	private final Consumer<StateTransition> listener;
	private volatile BackendState state = BackendState.UNINITIALIZED;
	private volatile String failureReason;

	/**
	 * @param listener receives each transition after it happened, on the thread that made
	 *                 it, outside the lock; must not block
	 */
	LifecycleMachine(Consumer<StateTransition> listener) {
		this.listener = listener;
	}

	BackendState state() {
		return state;
	}

	/** The reason of the last transition to {@code FAILED}, or {@code null} if none since the last start. */
	String failureReason() {
		return failureReason;
	}

	/**
	 * Moves to {@code to}.
	 *
	 * @throws IllegalStateException naming from, to and the allowed successors if the table
	 *                               does not allow it
	 */
	StateTransition transition(BackendState to, String reason) {
		StateTransition t;
		synchronized (lock) {
			BackendState from = state;
			if (!from.canTransitionTo(to)) {
				throw new IllegalStateException("lifecycle transition " + from + " -> " + to + " is not allowed ("
						+ reason + "); from " + from + " the allowed states are " + from.successors());
			}
			t = record(from, to, reason);
		}
		listener.accept(t);
		return t;
	}

	/**
	 * Moves to {@code to} only if the current state is {@code expected} (and the table allows
	 * it): for the completion worker, which must not fight a concurrent stop.
	 *
	 * @return the transition, or {@code null} if the state was not {@code expected}
	 */
	StateTransition transitionIf(BackendState expected, BackendState to, String reason) {
		StateTransition t;
		synchronized (lock) {
			if (state != expected || !expected.canTransitionTo(to)) {
				return null;
			}
			t = record(expected, to, reason);
		}
		listener.accept(t);
		return t;
	}

	private StateTransition record(BackendState from, BackendState to, String reason) {
		StateTransition t = new StateTransition(from, to, reason == null || reason.isBlank() ? "unspecified" : reason,
				System.nanoTime(), Instant.now());
		if (history.size() == HISTORY) {
			history.removeFirst();
		}
		history.addLast(t);
		if (to == BackendState.FAILED) {
			failureReason = t.reason();
		} else if (to == BackendState.DISCOVERING) {
			failureReason = null;
		}
		state = to;
		return t;
	}

	/** The most recent transitions, oldest first, at most {@link #HISTORY}. */
	List<StateTransition> history() {
		synchronized (lock) {
			return List.copyOf(history);
		}
	}
}
