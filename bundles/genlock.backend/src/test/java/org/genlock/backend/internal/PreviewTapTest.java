package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.Test;

class PreviewTapTest {

	/** A frame whose left half is one colour and right half another. */
	private static FrameBuffer halves(PixelFormat pf, int width, int height) {
		VideoFormat f = VideoFormat.parse(width + "x" + height + "p50", pf);
		int rowBytes = f.pixelFormat().rowBytes(width);
		ByteBuffer b = ByteBuffer.allocate(rowBytes * height);
		for (int y = 0; y < height; y++) {
			int row = y * rowBytes;
			switch (pf) {
				case BGRA8 -> {
					for (int x = 0; x < width; x++) {
						boolean left = x < width / 2;
						b.put(row + 4 * x, (byte) (left ? 0x10 : 0xC0)); // B
						b.put(row + 4 * x + 1, (byte) (left ? 0x20 : 0xB0)); // G
						b.put(row + 4 * x + 2, (byte) (left ? 0x30 : 0xA0)); // R
						b.put(row + 4 * x + 3, (byte) 0xFF);
					}
				}
				case UYVY8 -> {
					for (int x = 0; x < width; x += 2) {
						boolean left = x < width / 2;
						b.put(row + 2 * x, (byte) 128); // U
						b.put(row + 2 * x + 1, (byte) (left ? 16 : 235)); // Y0
						b.put(row + 2 * x + 2, (byte) 128); // V
						b.put(row + 2 * x + 3, (byte) (left ? 16 : 235)); // Y1
					}
				}
				case V210 -> {
					for (int g = 0; g < (width + 5) / 6; g++) {
						int y10 = g * 6 < width / 2 ? 64 : 940; // 10-bit black and white
						int c = 512;
						int at = row + 16 * g;
						b.putInt(at, Integer.reverseBytes(c | y10 << 10 | c << 20));
						b.putInt(at + 4, Integer.reverseBytes(y10 | c << 10 | y10 << 20));
						b.putInt(at + 8, Integer.reverseBytes(c | y10 << 10 | c << 20));
						b.putInt(at + 12, Integer.reverseBytes(y10 | c << 10 | y10 << 20));
					}
				}
			}
		}
		return new FrameBuffer() {
			public int slot() {
				return 0;
			}

			public long generation() {
				return 1;
			}

			public VideoFormat format() {
				return f;
			}

			public int rowBytes() {
				return rowBytes;
			}

			public ByteBuffer pixels() {
				return b;
			}
		};
	}

	private static PreviewFrame sample(FrameBuffer frame, int maxW, int maxH) throws Exception {
		PreviewTap tap = new PreviewTap("ch");
		CompletableFuture<Optional<PreviewFrame>> taken = CompletableFuture.supplyAsync(() -> {
			try {
				return tap.take(maxW, maxH, 10_000);
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		// offer until the caller has registered its request, as the completion worker would per frame
		long index = 0;
		while (!taken.isDone()) {
			tap.offer(frame, index++);
			Thread.sleep(1);
		}
		return taken.get(10, TimeUnit.SECONDS).orElseThrow();
	}

	@Test
	void bgraIsSampledWithTheFramesAspectRatio() throws Exception {
		PreviewFrame p = sample(halves(PixelFormat.BGRA8, 1920, 1080), 320, 320);
		assertEquals(320, p.width());
		assertEquals(180, p.height());
		assertEquals(0x302010, p.rgb()[0]);
		assertEquals(0xA0B0C0, p.rgb()[319]);
		assertEquals(0xA0B0C0, p.rgb()[179 * 320 + 319]);
	}

	@Test
	void heightBoundsTheSizeWhenItIsTheTighterLimit() throws Exception {
		PreviewFrame p = sample(halves(PixelFormat.BGRA8, 1280, 720), 320, 90);
		assertEquals(160, p.width());
		assertEquals(90, p.height());
	}

	@Test
	void uyvyAndV210AreConvertedFromVideoRange() throws Exception {
		for (PixelFormat pf : new PixelFormat[] { PixelFormat.UYVY8, PixelFormat.V210 }) {
			PreviewFrame p = sample(halves(pf, 1920, 1080), 192, 108);
			assertEquals(0x000000, p.rgb()[0], pf + " video black");
			assertEquals(0xFFFFFF, p.rgb()[191], pf + " video white");
		}
	}

	@Test
	void aLentFrameIsSampledOnTheCallersThreadAndGivenBackWithItsGeneration() throws Exception {
		PreviewTap tap = new PreviewTap("ch");
		FrameBuffer frame = halves(PixelFormat.BGRA8, 1920, 1080);
		java.util.List<String> returned = new java.util.concurrent.CopyOnWriteArrayList<>();
		Thread caller = Thread.currentThread();
		CompletableFuture<Optional<PreviewFrame>> taken = CompletableFuture.supplyAsync(() -> {
			try {
				return tap.take(1920, 1080, 10_000);
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		while (!tap.wanted()) {
			Thread.sleep(1);
		}
		assertTrue(tap.lend(frame, 42, 101, (f, g) -> returned.add(Thread.currentThread().getName() + " " + g)));
		PreviewFrame p = taken.get(10, TimeUnit.SECONDS).orElseThrow();
		assertEquals(1920 * 1080, p.rgb().length);
		assertEquals(1, returned.size(), "given back once: " + returned);
		assertTrue(returned.get(0).endsWith(" 42"), "with the generation it was lent at: " + returned);
		assertFalse(returned.get(0).startsWith(caller.getName() + " "), "on the caller's thread, not the worker's");
		assertFalse(tap.wanted(), "nothing pending after the hand-over");
		assertFalse(tap.lend(frame, 43, 102, (f, g) -> returned.add("late")), "no caller, no lending");
	}

	@Test
	void noFrameInTimeIsEmptyAndLeavesNothingPending() throws Exception {
		PreviewTap tap = new PreviewTap("ch");
		assertTrue(tap.take(64, 36, 20).isEmpty());
		// a frame after the timeout is not sampled for anyone: the request was withdrawn
		tap.offer(halves(PixelFormat.BGRA8, 64, 36), 5);
		assertTrue(tap.take(64, 36, 0).isEmpty());
	}

	@Test
	void outOfRangeRequestsNameTheAllowedValues() {
		PreviewTap tap = new PreviewTap("ch");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tap.take(0, 10, 100));
		assertTrue(e.getMessage().contains("allowed 1..1920 x 1..1080"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> tap.take(10, 10, 60_000));
		assertTrue(e.getMessage().contains("allowed 0..10000 ms"), e.getMessage());
	}
}
