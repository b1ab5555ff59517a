package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.StateTransition;
import org.junit.jupiter.api.Test;

class LifecycleMachineTest {

	private final List<StateTransition> heard = new ArrayList<>();

	/** Drives a machine into {@code target} along allowed edges (shortest path from UNINITIALIZED). */
	private LifecycleMachine at(BackendState target) {
		LifecycleMachine m = new LifecycleMachine(heard::add);
		BackendState[] path = switch (target) {
			case UNINITIALIZED -> new BackendState[0];
			case DISCOVERING -> new BackendState[] { BackendState.DISCOVERING };
			case DISCOVERED -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED };
			case CONFIGURING -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED,
					BackendState.CONFIGURING };
			case CONFIGURED -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED,
					BackendState.CONFIGURING, BackendState.CONFIGURED };
			case PREROLLING -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED,
					BackendState.CONFIGURING, BackendState.CONFIGURED, BackendState.PREROLLING };
			case RUNNING -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED,
					BackendState.CONFIGURING, BackendState.CONFIGURED, BackendState.PREROLLING, BackendState.RUNNING };
			case DEGRADED -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED,
					BackendState.CONFIGURING, BackendState.CONFIGURED, BackendState.PREROLLING, BackendState.RUNNING,
					BackendState.DEGRADED };
			case STOPPING -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED,
					BackendState.CONFIGURING, BackendState.CONFIGURED, BackendState.PREROLLING, BackendState.STOPPING };
			case STOPPED -> new BackendState[] { BackendState.DISCOVERING, BackendState.DISCOVERED,
					BackendState.STOPPED };
			case FAILED -> new BackendState[] { BackendState.DISCOVERING, BackendState.FAILED };
		};
		for (BackendState s : path) {
			m.transition(s, "to " + s);
		}
		assertEquals(target, m.state());
		return m;
	}

	@Test
	void everyTransitionOfTheTableIsAllowedAndEveryOtherRejected() {
		int allowed = 0;
		for (BackendState from : BackendState.values()) {
			for (BackendState to : BackendState.values()) {
				LifecycleMachine m = at(from);
				if (from.canTransitionTo(to)) {
					StateTransition t = m.transition(to, "test");
					assertEquals(from, t.from());
					assertEquals(to, t.to());
					assertEquals(to, m.state());
					allowed++;
				} else {
					IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.transition(to, "x"));
					assertTrue(e.getMessage().contains(from + " -> " + to), e.getMessage());
					assertEquals(from, m.state(), "a rejected transition must not change the state");
				}
			}
		}
		assertEquals(22, allowed, "the API table has 22 edges");
	}

	@Test
	void historyIsBoundedAndOldestFirst() {
		LifecycleMachine m = at(BackendState.RUNNING);
		for (int i = 0; i < 100; i++) {
			m.transition(BackendState.DEGRADED, "d" + i);
			m.transition(BackendState.RUNNING, "r" + i);
		}
		List<StateTransition> h = m.history();
		assertEquals(LifecycleMachine.HISTORY, h.size());
		assertEquals("r99", h.get(h.size() - 1).reason());
		assertEquals("d68", h.get(0).reason());
		for (int i = 1; i < h.size(); i++) {
			assertTrue(h.get(i - 1).nanoTime() <= h.get(i).nanoTime());
			assertEquals(h.get(i - 1).to(), h.get(i).from(), "history must be a connected path");
		}
	}

	@Test
	void failureReasonIsKeptUntilRetry() {
		LifecycleMachine m = at(BackendState.DISCOVERING);
		m.transition(BackendState.FAILED, "device unplugged");
		assertEquals("device unplugged", m.failureReason());
		m.transition(BackendState.DISCOVERING, "retry");
		assertNull(m.failureReason());
		m.transition(BackendState.DISCOVERED, "found");
	}

	@Test
	void transitionIfOnlyFromTheExpectedState() {
		LifecycleMachine m = at(BackendState.STOPPING);
		assertNull(m.transitionIf(BackendState.RUNNING, BackendState.DEGRADED, "late"));
		assertEquals(BackendState.STOPPING, m.state());
		m.transition(BackendState.STOPPED, "done");
		m.transition(BackendState.DISCOVERING, "restart");
		assertEquals(BackendState.DISCOVERING, m.state());
	}

	@Test
	void listenerHearsEveryTransitionInOrder() {
		at(BackendState.RUNNING);
		assertEquals(6, heard.size());
		assertEquals(BackendState.UNINITIALIZED, heard.get(0).from());
		assertEquals(BackendState.RUNNING, heard.get(5).to());
	}
}
