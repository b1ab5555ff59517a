package org.genlock.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ControlException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreviewCacheTest {

	/** Counts previews per channel; the first one can be held until the test releases it. */
	static final class Source implements PreviewCache.Source {
		final AtomicInteger calls = new AtomicInteger();
		final CountDownLatch entered = new CountDownLatch(1);
		volatile CountDownLatch release = new CountDownLatch(0);
		final List<String> channels = new CopyOnWriteArrayList<>(List.of("ch1", "ch2"));
		volatile boolean onAir = true;
		volatile RuntimeException failure;

		@Override
		public Optional<PreviewFrame> preview(String channelId, int w, int h) throws ControlException, InterruptedException {
			int n = calls.incrementAndGet();
			entered.countDown();
			release.await();
			if (!channels.contains(channelId)) {
				throw new ControlException(Reason.UNKNOWN_CHANNEL, "unknown channel '" + channelId + "'");
			}
			if (failure != null) {
				throw failure;
			}
			if (!onAir) {
				return Optional.empty();
			}
			int[] rgb = new int[w * h];
			java.util.Arrays.fill(rgb, n * 40); // a different picture per call
			return Optional.of(new PreviewFrame(channelId, n, w, h, rgb, Instant.EPOCH));
		}

		@Override
		public List<String> channelIds() {
			return List.copyOf(channels);
		}
	}

	final Source source = new Source();
	final AtomicLong now = new AtomicLong(1_000_000_000L);
	final PreviewCache cache = new PreviewCache(source, now::get, () -> 0);
	final ExecutorService clients = Executors.newFixedThreadPool(8);

	@AfterEach
	void stopClients() {
		clients.shutdownNow();
	}

	byte[] get(String channel, int w, int h) throws Exception {
		return cache.jpeg(channel, w, h).orElseThrow();
	}

	@Test
	void eightConcurrentRequestsCostOnePreviewAndAllGetItsJpeg() throws Exception {
		source.release = new CountDownLatch(1);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<byte[]>> answers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			answers.add(clients.submit(() -> {
				start.await();
				return get("ch1", 1920, 1080);
			}));
		}
		start.countDown();
		assertTrue(source.entered.await(10, TimeUnit.SECONDS), "one request reached the channel");
		Thread.sleep(200); // the other seven queue behind it (or, later, find its fresh result)
		source.release.countDown();
		byte[] first = answers.get(0).get(10, TimeUnit.SECONDS);
		for (Future<byte[]> a : answers) {
			assertSame(first, a.get(10, TimeUnit.SECONDS), "one shared JPEG");
		}
		assertEquals(1, source.calls.get(), "previews taken from the channel for 8 clients");
	}

	@Test
	void aResultIsSharedForAHundredMillisecondsThenRenewed() throws Exception {
		byte[] first = get("ch1", 320, 180);
		now.addAndGet(TimeUnit.MILLISECONDS.toNanos(99));
		assertSame(first, get("ch1", 320, 180));
		assertEquals(1, source.calls.get());
		now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
		byte[] second = get("ch1", 320, 180);
		assertEquals(2, source.calls.get(), "older than 100 ms: a new preview");
		assertTrue(second != first);
	}

	@Test
	void eachSizeAndChannelHasItsOwnPreview() throws Exception {
		byte[] small = get("ch1", 320, 180);
		byte[] large = get("ch1", 640, 360);
		byte[] other = get("ch2", 320, 180);
		assertEquals(3, source.calls.get());
		assertSame(small, get("ch1", 320, 180));
		assertSame(large, get("ch1", 640, 360));
		assertSame(other, get("ch2", 320, 180));
		assertEquals(3, source.calls.get());
	}

	@Test
	void memoryIsBoundedToAFewSizesPerChannelAndChannelsThatAreGoneAreDropped() throws Exception {
		for (int w = 1; w <= 10; w++) {
			get("ch1", w * 10, 10);
			now.addAndGet(1);
		}
		assertEquals(PreviewCache.SIZES_PER_CHANNEL, cache.sizes("ch1"));
		get("ch2", 10, 10);
		assertEquals(PreviewCache.SIZES_PER_CHANNEL + 1, cache.size());

		source.channels.remove("ch1");
		get("ch2", 20, 20); // adding a size drops what belongs to channels that are gone
		assertEquals(0, cache.sizes("ch1"));
		assertEquals(2, cache.size());

		// an unknown channel is an error for the client and leaves nothing behind
		ControlException e = assertThrows(ControlException.class, () -> cache.jpeg("ch1", 10, 10));
		assertEquals(Reason.UNKNOWN_CHANNEL, e.reason());
		assertEquals(0, cache.sizes("ch1"));

		now.addAndGet(PreviewCache.IDLE_NANOS + 1);
		get("ch2", 30, 30); // and the idle ones
		assertEquals(1, cache.size());
	}

	@Test
	void offAirAndFailuresAreSharedWithTheWaitersButNotKept() throws Exception {
		source.onAir = false;
		assertEquals(Optional.empty(), cache.jpeg("ch1", 320, 180));
		source.onAir = true;
		byte[] jpeg = get("ch1", 320, 180);
		assertEquals(2, source.calls.get(), "off air was not cached");
		assertArrayEquals(jpeg, get("ch1", 320, 180));

		now.addAndGet(PreviewCache.MAX_AGE_NANOS);
		source.failure = new IllegalStateException("JPEG writer gone");
		ControlException e = assertThrows(ControlException.class, () -> cache.jpeg("ch1", 320, 180));
		assertEquals(Reason.UNAVAILABLE, e.reason());
		assertTrue(e.getMessage().contains("JPEG writer gone"), e.getMessage());
		source.failure = null;
		get("ch1", 320, 180);
		assertEquals(4, source.calls.get(), "a failure is not cached either");
	}

	@Test
	void anExpensivePreviewIsSharedForTenTimesWhatItCost() throws Exception {
		java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
		PreviewCache costly = new PreviewCache(new PreviewCache.Source() {
			@Override
			public Optional<org.genlock.api.backend.PreviewFrame> preview(String channelId, int w, int h)
					throws ControlException, InterruptedException {
				cpu.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(80)); // a full-HD sample and encode
				return source.preview(channelId, w, h);
			}

			@Override
			public java.util.List<String> channelIds() {
				return source.channelIds();
			}
		}, now::get, cpu::get);
		costly.jpeg("ch1", 320, 180);
		int calls = source.calls.get();
		now.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(700));
		costly.jpeg("ch1", 320, 180);
		assertEquals(calls, source.calls.get(), "700 ms after an 80 ms preview: still shared");
		now.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(101));
		costly.jpeg("ch1", 320, 180);
		assertEquals(calls + 1, source.calls.get(), "after 10 x its cost: a new one");
	}
}
