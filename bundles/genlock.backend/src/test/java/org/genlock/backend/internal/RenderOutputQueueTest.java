package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The seed's RenderOutputQueueTests: ordering, bounded overflow, underrun counting, capacity shrink. */
class RenderOutputQueueTest {

	private final List<String> dropped = new ArrayList<>();
	private final RenderOutputQueue<String> queue = new RenderOutputQueue<>(3, (f, i) -> dropped.add(f));

	@Test
	void preservesOrdering() {
		queue.push("a", 0);
		queue.push("b", 1);
		queue.push("c", 2);
		assertEquals("a", queue.poll(0));
		assertEquals("b", queue.poll(1));
		assertEquals("c", queue.poll(2));
		assertEquals(3, queue.pushed());
		assertEquals(3, queue.popped());
		assertEquals(0, queue.depth());
	}

	@Test
	void lastIndexIsTheNewestFrameOrMinusOne() {
		assertEquals(-1, queue.lastIndex());
		queue.push("c", 7);
		queue.push("a", 5);
		assertEquals(7, queue.lastIndex(), "the newest by display index, whatever the push order");
		assertEquals("a", queue.poll(5));
		assertEquals("c", queue.poll(7));
		assertEquals(-1, queue.lastIndex());
	}

	@Test
	void outOfOrderCompletionsAreSortedByDisplayIndex() {
		queue.push("b", 1);
		queue.push("a", 0);
		assertEquals("a", queue.pollOldest());
		assertEquals("b", queue.pollOldest());
	}

	@Test
	void overflowDropsTheOldestKeepingTheNewest() {
		for (int i = 0; i < 5; i++) {
			queue.push("f" + i, i);
		}
		assertEquals(List.of("f0", "f1"), dropped);
		assertEquals(3, queue.depth());
		assertEquals(2, queue.dropped());
		assertEquals(2, queue.peekIndex());
	}

	@Test
	void underrunsAreCounted() {
		assertNull(queue.poll(0));
		assertNull(queue.pollOldest());
		queue.push("x", 5);
		assertNull(queue.poll(4), "a frame for a later index is not an answer for this one");
		assertEquals(3, queue.underruns());
		assertEquals(1, queue.depth(), "the later frame stays queued");
		assertEquals("x", queue.poll(5));
	}

	@Test
	void staleFramesAreDroppedWhenTheirIndexHasPassed() {
		queue.push("a", 0);
		queue.push("b", 1);
		queue.push("c", 2);
		assertEquals("c", queue.poll(2));
		assertEquals(List.of("a", "b"), dropped);
		assertEquals(2, queue.stale());
		assertEquals(2, queue.dropped());
	}

	@Test
	void capacityShrinkKeepsReadyFramesAndDrainsToTheNewCapacity() {
		queue.push("a", 0);
		queue.push("b", 1);
		queue.push("c", 2);
		queue.setCapacity(1);
		assertEquals(List.of(), dropped, "ready frames are the next to air: a shrink drops none");
		assertEquals(1, queue.capacity());
		assertEquals(3, queue.depth());
		assertEquals("a", queue.poll(0));
		assertEquals("b", queue.poll(1));
		assertEquals("c", queue.poll(2));
		queue.push("d", 3);
		queue.push("e", 4);
		assertEquals(List.of("d"), dropped, "at the new capacity an overflow drops the oldest");
		assertEquals(1, queue.depth());
	}

	@Test
	void rendersInFlightAtAShrinkStillFitWhileTheQueueDrains() {
		queue.push("a", 0);
		queue.push("b", 1);
		queue.setCapacity(1); // e.g. a swap to a low-latency policy while "c" is being rendered
		queue.push("c", 2);
		assertEquals(List.of(), dropped, "bounded by the old capacity until drained");
		assertEquals("a", queue.poll(0));
		assertEquals("b", queue.poll(1));
		assertEquals("c", queue.poll(2));
		queue.push("d", 3);
		queue.push("e", 4);
		assertEquals(List.of("d"), dropped, "drained: the new capacity bounds again");
	}

	@Test
	void capacityGrowthKeepsFramesAndWrapsCorrectly() {
		for (int i = 0; i < 197; i++) { // move the head around the ring
			queue.push("f" + i, i);
			queue.pollOldest();
		}
		for (int i = 197; i < 200; i++) {
			queue.push("f" + i, i);
		}
		queue.setCapacity(10);
		long first = queue.peekIndex();
		for (int i = 200; i < 207; i++) {
			queue.push("f" + i, i);
		}
		assertEquals(10, queue.depth());
		assertEquals(first, queue.peekIndex());
	}

	@Test
	void clearHandsEveryFrameBackWithoutCountingDrops() {
		queue.push("a", 0);
		queue.push("b", 1);
		List<String> back = new ArrayList<>();
		assertEquals(2, queue.clear((f, i) -> back.add(f)));
		assertEquals(List.of("a", "b"), back);
		assertEquals(0, queue.dropped());
	}

	@Test
	void capacityOutOfRangeIsRejected() {
		assertThrows(IllegalArgumentException.class, () -> queue.setCapacity(0));
		assertThrows(IllegalArgumentException.class, () -> queue.setCapacity(RenderOutputQueue.MAX_CAPACITY + 1));
	}
}
