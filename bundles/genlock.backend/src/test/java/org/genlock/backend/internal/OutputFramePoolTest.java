package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.genlock.api.backend.PoolStatus;
import org.genlock.api.video.VideoFormat;
import org.genlock.backend.internal.OutputFramePool.Slot;
import org.junit.jupiter.api.Test;

class OutputFramePoolTest {

	static final VideoFormat FORMAT = VideoFormat.parse("64x36p50");

	static OutputFramePool pool(int size) {
		return new OutputFramePool(FORMAT, FORMAT.rowBytes(), size, i -> ByteBuffer.allocateDirect(FORMAT.frameBytes()));
	}

	private static void invariant(OutputFramePool p) {
		PoolStatus s = p.status();
		assertTrue(s.invariantHolds(), "invariant broken: " + s);
	}

	@Test
	void acquireReadyScheduleReleaseCycle() {
		OutputFramePool p = pool(3);
		Slot s = p.acquire();
		long g = s.generation();
		assertEquals(new PoolStatus(3, 2, 1, 0, 0, 0), p.status());
		assertTrue(p.ready(s, g));
		assertEquals(1, p.status().ready());
		assertTrue(p.scheduled(s, g));
		assertEquals(1, p.status().scheduled());
		assertTrue(p.release(s, g));
		assertEquals(new PoolStatus(3, 3, 0, 0, 0, 0), p.status());
		Slot again;
		do {
			again = p.acquire();
		} while (again != s);
		assertTrue(again.generation() > g, "reuse must change the generation");
	}

	@Test
	void aReturnedFrameCanBeKeptOffTheFreeStackUntilReleased() {
		OutputFramePool p = pool(2);
		Slot s = p.acquire();
		long g = s.generation();
		assertFalse(p.keep(s, g), "only a frame the device held can be kept");
		assertTrue(p.ready(s, g));
		assertTrue(p.scheduled(s, g));
		assertTrue(p.keep(s, g));
		assertEquals(new PoolStatus(2, 1, 0, 1, 0, 0), p.status());
		Slot other = p.acquire();
		assertNotNull(other);
		assertNull(p.acquire(), "the kept frame is not handed out");
		assertEquals(g, s.generation(), "keeping does not change the generation");
		assertTrue(p.release(s, g));
		assertEquals(s, p.acquire(), "released, it is free again");
		invariant(p);
	}

	@Test
	void exhaustionReturnsNullAndReserveIsKept() {
		OutputFramePool p = pool(3);
		assertNotNull(p.acquireKeeping(1));
		assertNotNull(p.acquireKeeping(1));
		assertNull(p.acquireKeeping(1), "one slot must stay in reserve");
		assertNotNull(p.acquireForFill(), "fills may use the reserve");
		assertNull(p.acquire());
		invariant(p);
	}

	@Test
	void staleGenerationIsIgnoredAndCounted() {
		OutputFramePool p = pool(2);
		Slot s = p.acquire();
		long old = s.generation();
		assertEquals(1, p.reclaimRendering());
		assertEquals("FREE", p.stateOf(s));
		assertFalse(p.ready(s, old), "a renderer reporting after reclaim is stale");
		assertFalse(p.release(s, old));
		assertEquals(2, p.staleOperations());
		assertTrue(s.generation() > old, "reclaim must change the generation");
		invariant(p);
	}

	@Test
	void duplicateCompletionIsStale() {
		OutputFramePool p = pool(2);
		Slot s = p.acquireForFill();
		long g = s.generation();
		assertTrue(p.scheduled(s, g));
		assertTrue(p.release(s, g));
		assertFalse(p.release(s, g), "the second completion of one frame must be refused");
		assertEquals(1, p.staleOperations());
		invariant(p);
	}

	@Test
	void reclaimOnlyTouchesRenderingNotFills() {
		OutputFramePool p = pool(4);
		Slot rendering = p.acquire();
		Slot fill = p.acquireForFill();
		long fillGen = fill.generation();
		assertEquals(1, p.reclaimRendering());
		assertEquals("FREE", p.stateOf(rendering));
		assertTrue(p.scheduled(fill, fillGen), "a fill in progress must survive a renderer reclaim");
		assertEquals(1, p.reclaimed());
		invariant(p);
	}

	@Test
	void parkedSlotsAreNeverReused() {
		OutputFramePool p = pool(3);
		Slot a = p.acquireForFill();
		p.scheduled(a, a.generation());
		Slot free = p.slot(0) == a ? p.slot(1) : p.slot(0);
		assertTrue(p.park(free), "a free slot can be parked");
		assertEquals(1, p.parkAll(OutputFramePool.SCHEDULED));
		assertEquals(new PoolStatus(3, 1, 0, 0, 0, 2), p.status());
		Set<Slot> handed = new HashSet<>();
		Slot s;
		while ((s = p.acquire()) != null) {
			handed.add(s);
		}
		assertEquals(1, handed.size());
		assertFalse(handed.contains(a) || handed.contains(free), "a parked slot must never be handed out");
		assertFalse(p.release(a, a.generation()), "parked slots cannot be released");
		invariant(p);
	}

	@Test
	void growAddsFreeSlotsOnly() {
		OutputFramePool p = pool(3);
		Slot s = p.acquire();
		assertEquals(2, p.grow(5, i -> ByteBuffer.allocateDirect(FORMAT.frameBytes())));
		assertEquals(new PoolStatus(5, 4, 1, 0, 0, 0), p.status());
		assertEquals(0, p.grow(4, i -> null), "never shrinks");
		assertEquals("RENDERING", p.stateOf(s));
	}

	@Test
	void foreignFramesAreNotSlots() {
		OutputFramePool a = pool(1);
		OutputFramePool b = pool(1);
		Slot s = a.acquire();
		assertNull(b.slotOf(s));
		assertFalse(b.release(s, s.generation()));
		assertEquals(s, a.slotOf(s));
	}

	@Test
	void invariantHoldsAfterRandomOperationSequences() {
		Random random = new Random(42);
		for (int round = 0; round < 50; round++) {
			OutputFramePool p = pool(1 + random.nextInt(12));
			List<Slot> held = new ArrayList<>();
			List<Long> gens = new ArrayList<>();
			for (int op = 0; op < 500; op++) {
				switch (random.nextInt(8)) {
					case 0, 1 -> {
						Slot s = random.nextBoolean() ? p.acquire() : p.acquireForFill();
						if (s != null) {
							held.add(s);
							gens.add(s.generation());
						}
					}
					case 2 -> pick(random, held, gens, (s, g) -> p.ready(s, g));
					case 3 -> pick(random, held, gens, (s, g) -> p.scheduled(s, g));
					case 4, 5 -> pick(random, held, gens, (s, g) -> p.release(s, g));
					case 6 -> p.reclaimRendering();
					default -> {
						if (random.nextInt(20) == 0 && !held.isEmpty()) {
							p.park(held.get(random.nextInt(held.size())));
						}
					}
				}
				invariant(p);
			}
		}
	}

	private interface Op {
		boolean apply(Slot s, long g);
	}

	private static void pick(Random r, List<Slot> held, List<Long> gens, Op op) {
		if (held.isEmpty()) {
			return;
		}
		int i = r.nextInt(held.size());
		// sometimes use a stale generation on purpose
		long g = r.nextInt(10) == 0 ? gens.get(i) - 1 : gens.get(i);
		op.apply(held.get(i), g);
	}
}
