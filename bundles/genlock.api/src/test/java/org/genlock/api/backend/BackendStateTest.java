package org.genlock.api.backend;

import static org.genlock.api.backend.BackendState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackendStateTest {

	/** The documented table, written out independently of the implementation. */
	private static final String TABLE = """
			UNINITIALIZED DISCOVERING
			DISCOVERING   DISCOVERED FAILED
			DISCOVERED    CONFIGURING STOPPED
			CONFIGURING   CONFIGURED FAILED
			CONFIGURED    PREROLLING STOPPED
			PREROLLING    RUNNING FAILED STOPPING
			RUNNING       DEGRADED STOPPING FAILED
			DEGRADED      RUNNING STOPPING FAILED
			STOPPING      STOPPED
			STOPPED       DISCOVERING
			FAILED        DISCOVERING STOPPED
			""";

	private static Set<BackendState> expectedSuccessors(BackendState from) {
		for (String line : TABLE.strip().split("\n")) {
			String[] words = line.trim().split("\\s+");
			if (words[0].equals(from.name())) {
				EnumSet<BackendState> set = EnumSet.noneOf(BackendState.class);
				for (int i = 1; i < words.length; i++) {
					set.add(BackendState.valueOf(words[i]));
				}
				return set;
			}
		}
		throw new AssertionError("no row for " + from);
	}

	static Stream<Arguments> everyPair() {
		List<Arguments> pairs = new ArrayList<>();
		for (BackendState from : values()) {
			for (BackendState to : values()) {
				pairs.add(Arguments.of(from, to, expectedSuccessors(from).contains(to)));
			}
		}
		return pairs.stream();
	}

	@ParameterizedTest(name = "{0} -> {1} allowed={2}")
	@MethodSource("everyPair")
	void everyPairIsAllowedOrForbiddenExactlyAsDocumented(BackendState from, BackendState to, boolean allowed) {
		assertEquals(allowed, from.canTransitionTo(to));
		assertEquals(allowed, StateTransition.isAllowed(from, to));
		assertEquals(allowed, from.successors().contains(to));
		if (allowed) {
			StateTransition t = new StateTransition(from, to, "test", 1L, Instant.EPOCH);
			assertEquals(to, t.to());
		} else {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> new StateTransition(from, to, "test", 1L, Instant.EPOCH));
			assertTrue(e.getMessage().contains(from + " -> " + to + " is not allowed"), e.getMessage());
		}
	}

	@Test
	void tableHasElevenStatesAndTwentyTwoEdges() {
		assertEquals(11, values().length);
		int edges = 0;
		for (BackendState s : values()) {
			edges += s.successors().size();
			assertFalse(s.successors().isEmpty(), s + " is a dead end");
			assertFalse(s.canTransitionTo(s), s + " has a self-transition");
			assertFalse(s.canTransitionTo(UNINITIALIZED));
			assertFalse(s.canTransitionTo(null));
		}
		assertEquals(22, edges);
	}

	@Test
	void retryEdges() {
		assertTrue(FAILED.canTransitionTo(DISCOVERING));
		assertTrue(STOPPED.canTransitionTo(DISCOVERING));
		assertTrue(FAILED.canTransitionTo(STOPPED));
		assertFalse(FAILED.canTransitionTo(RUNNING), "a failed channel must be rediscovered, not resumed");
		assertFalse(STOPPED.canTransitionTo(RUNNING));
	}

	@Test
	void everyStateIsReachableAndCanReachStopped() {
		EnumSet<BackendState> reached = EnumSet.of(UNINITIALIZED);
		List<BackendState> work = new ArrayList<>(reached);
		while (!work.isEmpty()) {
			for (BackendState next : work.remove(0).successors()) {
				if (reached.add(next)) {
					work.add(next);
				}
			}
		}
		assertEquals(EnumSet.allOf(BackendState.class), reached);
		for (BackendState s : values()) {
			if (s != UNINITIALIZED) {
				assertTrue(canReach(s, STOPPED), s + " cannot reach STOPPED");
			}
		}
	}

	private static boolean canReach(BackendState from, BackendState target) {
		EnumSet<BackendState> seen = EnumSet.of(from);
		List<BackendState> work = new ArrayList<>(seen);
		while (!work.isEmpty()) {
			for (BackendState next : work.remove(0).successors()) {
				if (next == target) {
					return true;
				}
				if (seen.add(next)) {
					work.add(next);
				}
			}
		}
		return false;
	}

	@Test
	void classification() {
		assertEquals(EnumSet.of(RUNNING, DEGRADED), EnumSet.copyOf(Stream.of(values()).filter(BackendState::isOnAir).toList()));
		assertEquals(EnumSet.of(UNINITIALIZED, STOPPED, FAILED),
				EnumSet.copyOf(Stream.of(values()).filter(s -> !s.isWorking()).toList()));
	}

	@Test
	void successorsAreUnmodifiable() {
		assertThrows(UnsupportedOperationException.class, () -> RUNNING.successors().add(UNINITIALIZED));
		assertFalse(RUNNING.canTransitionTo(UNINITIALIZED));
	}

	@Test
	void transitionValidatesItsFields() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new StateTransition(RUNNING, UNINITIALIZED, "x", 0, Instant.EPOCH));
		assertTrue(e.getMessage().contains("[DEGRADED, STOPPING, FAILED]"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new StateTransition(RUNNING, FAILED, " ", 0, Instant.EPOCH));
		assertThrows(IllegalArgumentException.class, () -> new StateTransition(RUNNING, FAILED, "x", 0, null));
		assertThrows(IllegalArgumentException.class, () -> new StateTransition(null, FAILED, "x", 0, Instant.EPOCH));
		assertFalse(StateTransition.isAllowed(null, RUNNING));
	}
}
