package org.genlock.api.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.playout.UnderrunAction;
import org.junit.jupiter.api.Test;

class ObservationTest {

	private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

	@Test
	void everyKindHasItsTopicAndCommonFields() {
		StateTransition t = new StateTransition(BackendState.RUNNING, BackendState.DEGRADED, "late streak", 5, T);
		List<Observation> all = List.of(new LifecycleObservation("ch1", t),
				new SwapObservation("ch1", SwapKind.RENDERER, "software", "gl", 3, 1200, T),
				new UnderrunObservation("ch1", 77, UnderrunAction.REPEAT_NEWEST, 1, T),
				new RecoveryObservation("ch1", 10, 14, 2, 2, 3, 0, RecoveryReason.LATE_STREAK, T),
				new PoolObservation("ch1", new PoolStatus(12, 12, 0, 0, 0, 0), "rebuilt", T),
				new FailureObservation("ch1", "device:clock", "gone", T));
		List<String> topics = List.of(Topics.STATE, Topics.SWAP, Topics.UNDERRUN, Topics.RECOVERY, Topics.POOL,
				Topics.FAILURE);
		for (int i = 0; i < all.size(); i++) {
			Observation o = all.get(i);
			assertEquals("ch1", o.channelId());
			assertEquals(T, o.time());
			assertEquals(topics.get(i), o.topic());
			assertTrue(o.topic().startsWith(Topics.PREFIX));
		}
		assertEquals("org/genlock/channel/STATE", Topics.STATE);
	}

	@Test
	void validation() {
		assertThrows(IllegalArgumentException.class,
				() -> new UnderrunObservation("ch1", 77, UnderrunAction.BLACK, 0, T));
		assertThrows(IllegalArgumentException.class, () -> new FailureObservation("", "device", "x", T));
		assertThrows(IllegalArgumentException.class, () -> new SwapObservation("ch1", null, null, "gl", 1, 0, T));
		assertThrows(IllegalArgumentException.class, () -> new PoolObservation("ch1", null, "parked", T));
		assertThrows(IllegalArgumentException.class, () -> new LifecycleObservation("ch1", null));
	}
}
