package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.tap.FrameTap;
import org.genlock.api.tap.TapSession;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.backend.internal.OutputFramePool.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The copy thread lends an idle tap the aired pool slot itself (no copy) within the pool's
 * slack, gives a busy tap a copy, and frees the slot only when every tap that borrowed it is
 * done: real pool, hub, lanes and copy thread; the taps are test sessions.
 */
class TapLendingTest {

	private static final VideoFormat FORMAT = VideoFormat.parse("64x36p50", PixelFormat.BGRA8);
	private static final int BYTES = FORMAT.rowBytes() * FORMAT.height();
	private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final OutputFramePool pool = new OutputFramePool(FORMAT, FORMAT.rowBytes(), 6,
			i -> ByteBuffer.allocateDirect(BYTES).order(ByteOrder.LITTLE_ENDIAN));
	private final TapHub hub = new TapHub("ch1");
	private final AtomicInteger slack = new AtomicInteger(1);
	private final TapCopier copier = new TapCopier("ch1", pool, hub, new PreviewTap("ch1"), slack::get);

	/** What a session saw of one frame. */
	record Seen(long index, int firstWord, boolean readOnly, String slotState, ByteBuffer buffer) {
	}

	/** A tap that records each frame and blocks in {@code frame} for the indices it is told to. */
	final class Recording implements FrameTap {
		final List<Seen> seen = new CopyOnWriteArrayList<>();
		final Map<Long, CountDownLatch> holds = new ConcurrentHashMap<>();
		final Map<Long, CountDownLatch> entered = new ConcurrentHashMap<>();

		void hold(long index) {
			holds.put(index, new CountDownLatch(1));
			entered.put(index, new CountDownLatch(1));
		}

		void letGo(long index) {
			holds.get(index).countDown();
		}

		void awaitEntered(long index) throws InterruptedException {
			assertTrue(entered.get(index).await(10, TimeUnit.SECONDS), "the tap never got frame " + index);
		}

		@Override
		public TapSession open(String channelId, VideoFormat format) {
			return new TapSession() {
				@Override
				public void frame(FrameBuffer frame, long displayIndex) {
					ByteBuffer px = frame.pixels();
					Slot slot = frame instanceof Slot s ? s : pool.slot(frame.slot());
					seen.add(new Seen(displayIndex, px.getInt(0), px.isReadOnly(), pool.stateOf(slot), px));
					px.position(8).limit(64); // a tap moving its view's position and limit, as a channel write does
					CountDownLatch e = entered.get(displayIndex);
					if (e != null) {
						e.countDown();
					}
					CountDownLatch h = holds.get(displayIndex);
					if (h != null) {
						try {
							h.await(10, TimeUnit.SECONDS);
						} catch (InterruptedException x) {
							Thread.currentThread().interrupt();
						}
					}
				}

				@Override
				public String state() {
					return "recording";
				}

				@Override
				public void close() {
				}
			};
		}
	}

	@AfterEach
	void tearDown() {
		copier.close(2000);
		hub.close();
	}

	private Recording tap(String id) throws InterruptedException {
		Recording t = new Recording();
		hub.add(t, Map.of(FrameTap.ID, id, FrameTap.BUFFER_FRAMES, 4));
		return t;
	}

	/** Airs one frame whose first word is {@code index}: a pool slot handed to the copy thread as the worker does. */
	private Slot air(long index) throws InterruptedException {
		await(copier::idle, "the copy thread to be idle");
		Slot s = pool.acquire();
		assertTrue(s != null, "a free slot for frame " + index);
		s.pixels().putInt(0, (int) index);
		assertTrue(pool.ready(s, s.generation()));
		copier.lend(s, s.generation(), index, false);
		return s;
	}

	/** Airs frame 0, which opens every lane (the first frame of a format only opens it), and waits until they are open. */
	private void open(Recording... taps) throws InterruptedException {
		copier.start();
		air(-1);
		await(() -> hub.status().stream().allMatch(t -> t.state().equals("recording")), "the taps to open");
		await(() -> pool.freeCount() == pool.size(), "the opening frame to be freed");
	}

	private static void await(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT_NANOS;
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < deadline, "waited 10 s for " + what);
			Thread.sleep(1);
		}
	}

	@Test
	void anIdleTapReadsTheAiredSlotItselfWhichGoesBackToThePoolOnlyAfterTheCall() throws Exception {
		Recording t = tap("a");
		open(t);
		t.hold(0);
		Slot s = air(0);
		t.awaitEntered(0);
		Seen seen = t.seen.get(0);
		assertEquals(0, seen.firstWord(), "the tap reads the aired pixels");
		assertTrue(seen.readOnly(), "a borrowed slot is lent read-only");
		assertEquals("READY", seen.slotState(), "the slot is the tap's (not free) while it reads");
		assertEquals(1, copier.lentOut());
		await(copier::idle, "the copy thread to be idle");
		assertEquals("READY", pool.stateOf(s), "the copy thread leaves a borrowed slot to the tap");
		assertEquals(pool.size() - 1, pool.freeCount());
		t.letGo(0);
		await(() -> pool.freeCount() == pool.size(), "the slot to go back to the pool");
		assertEquals(0, copier.lentOut());
		assertEquals(1, copier.lent());
		assertEquals(0, s.pixels().position(), "the tap moved its own view, not the slot's buffer");
		assertEquals(s.pixels().capacity(), s.pixels().limit());
	}

	@Test
	void aBusyTapGetsCopiesInDisplayOrderAndHoldsNoMoreSlotsThanTheSlack() throws Exception {
		Recording t = tap("a");
		open(t);
		t.hold(0);
		air(0);
		t.awaitEntered(0);
		for (long i = 1; i <= 3; i++) {
			air(i);
		}
		await(copier::idle, "the copy thread to be idle");
		// frames 1..3 were copied into the busy tap's ring and their slots freed at once
		await(() -> pool.freeCount() == pool.size() - 1, "the copied frames' slots to be freed");
		assertEquals(1, copier.lentOut(), "only the slot the tap was idle for is out");
		t.letGo(0);
		await(() -> t.seen.size() == 4, "the tap to get frames 0..3");
		for (int i = 0; i < 4; i++) {
			assertEquals(i, t.seen.get(i).index(), "display order");
			assertEquals(i, t.seen.get(i).firstWord(), "frame " + i + "'s own pixels");
		}
		assertTrue(t.seen.get(0).readOnly(), "frame 0 was the borrowed slot");
		assertTrue(!t.seen.get(1).readOnly(), "frame 1 was a copy in the tap's ring");
		await(() -> pool.freeCount() == pool.size(), "every slot back");
	}

	@Test
	void withoutSlackInThePoolTapsGetCopiesAndNeverHoldASlot() throws Exception {
		slack.set(0);
		Recording t = tap("a");
		open(t);
		t.hold(0);
		Slot s = air(0);
		t.awaitEntered(0);
		await(() -> pool.freeCount() == pool.size(), "the slot to be freed while the tap still reads its copy");
		assertEquals("FREE", pool.stateOf(s));
		assertTrue(!t.seen.get(0).readOnly(), "a copy in the tap's ring");
		assertEquals(0, copier.lent());
		t.letGo(0);
	}

	@Test
	void twoTapsBorrowTheSameSlotEachThroughItsOwnViewAndTheLastOneFreesIt() throws Exception {
		slack.set(2);
		Recording a = tap("a");
		Recording b = tap("b");
		open(a, b);
		a.hold(0);
		b.hold(0);
		Slot s = air(0);
		a.awaitEntered(0);
		b.awaitEntered(0);
		assertNotSame(a.seen.get(0).buffer(), b.seen.get(0).buffer(), "each tap has its own view");
		assertTrue(a.seen.get(0).readOnly() && b.seen.get(0).readOnly());
		a.letGo(0);
		await(() -> a.seen.size() == 1 && copier.lentOut() == 1, "tap a to give the slot back");
		assertEquals("READY", pool.stateOf(s), "tap b still reads it");
		b.letGo(0);
		await(() -> pool.freeCount() == pool.size(), "the last borrower to free the slot");
		assertEquals(2, copier.lent());
	}
}
