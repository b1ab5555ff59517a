package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;

/**
 * Hands a point-sampled thumbnail of the next aired frame to a waiting caller. The caller
 * allocates the request and its pixel array; the completion worker reads one volatile
 * reference per frame ({@link #wanted}) and, only when a request is pending, lends it the
 * aired frame's slot instead of freeing it ({@link #lend}). The caller samples on its own
 * thread and gives the slot back: a full-HD thumbnail costs the worker nothing but the
 * hand-over (it used to sample on the worker, and eight clients pulling 1920x1080 previews
 * made the channel skip and drop frames). The worker never blocks and never allocates;
 * callers queue on their own lock, which the worker never takes.
 */
final class PreviewTap {

	/** Takes back a frame lent to a caller, once sampled. Any thread. */
	interface Lender {
		void giveBack(FrameBuffer frame, long generation);
	}

	private static final Lender KEEP = (f, g) -> {
	};

	/** Largest thumbnail, the bound of the caller's array. */
	static final int MAX_WIDTH = 1920;
	static final int MAX_HEIGHT = 1080;

	private final String channelId;
	private final AtomicReference<Request> pending = new AtomicReference<>();
	private final Object callers = new Object();

	PreviewTap(String channelId) {
		this.channelId = channelId;
	}

	/**
	 * Waits for the next aired frame and returns its thumbnail. Off the hot path.
	 *
	 * @return the thumbnail, or empty if no frame aired within the timeout
	 */
	Optional<PreviewFrame> take(int maxWidth, int maxHeight, long timeoutMillis) throws InterruptedException {
		check(maxWidth, maxHeight, timeoutMillis);
		synchronized (callers) {
			Request r = new Request(maxWidth, maxHeight);
			pending.set(r);
			if (!r.done.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
				if (pending.compareAndSet(r, null)) {
					return Optional.empty();
				}
				r.done.await(); // the completion worker took it: it is handing the frame over now
			}
			try {
				sample(r.frame, r);
			} finally {
				r.lender.giveBack(r.frame, r.generation);
				r.frame = null;
			}
			return Optional.of(new PreviewFrame(channelId, r.displayIndex, r.width, r.height,
					Arrays.copyOf(r.rgb, r.width * r.height), Instant.now()));
		}
	}

	/** Rejects a size or timeout out of range, naming the allowed values. */
	void check(int maxWidth, int maxHeight, long timeoutMillis) {
		if (maxWidth < 1 || maxWidth > MAX_WIDTH || maxHeight < 1 || maxHeight > MAX_HEIGHT) {
			throw new IllegalArgumentException("preview size " + maxWidth + "x" + maxHeight + " of channel "
					+ channelId + " is out of range; allowed 1..1920 x 1..1080");
		}
		if (timeoutMillis < 0 || timeoutMillis > 10_000) {
			throw new IllegalArgumentException("preview timeout " + timeoutMillis + " ms of channel " + channelId
					+ " is out of range; allowed 0..10000 ms");
		}
	}

	/** Completion worker: whether a caller waits for a frame. One volatile read. */
	boolean wanted() {
		return pending.get() != null;
	}

	/**
	 * Completion worker: lends an aired frame to the waiting caller, who samples it on its own
	 * thread and gives it back through {@code lender}. Allocates nothing.
	 *
	 * @return whether a caller took it; if not, the frame stays the worker's
	 */
	boolean lend(FrameBuffer frame, long generation, long displayIndex, Lender lender) {
		Request r = pending.get();
		if (r == null || !pending.compareAndSet(r, null)) {
			return false;
		}
		r.frame = frame;
		r.generation = generation;
		r.lender = lender;
		r.displayIndex = displayIndex;
		r.done.countDown();
		return true;
	}

	/** Hands {@code frame} to a waiting caller that keeps no claim on it (its memory stays valid). For tests. */
	void offer(FrameBuffer frame, long displayIndex) {
		lend(frame, frame.generation(), displayIndex, KEEP);
	}

	/** Point-samples the frame into the request with the frame's aspect ratio. */
	static void sample(FrameBuffer frame, Request r) {
		VideoFormat f = frame.format();
		int fw = f.width();
		int fh = f.height();
		int w = Math.min(r.maxWidth, fw);
		int h = (int) Math.max(1, Math.round((double) w * fh / fw));
		if (h > r.maxHeight) {
			h = Math.min(r.maxHeight, fh);
			w = (int) Math.max(1, Math.round((double) h * fw / fh));
		}
		ByteBuffer px = frame.pixels();
		int rowBytes = frame.rowBytes();
		int[] out = r.rgb;
		for (int y = 0; y < h; y++) {
			int row = (int) ((y * (long) fh + fh / 2) / h) * rowBytes;
			for (int x = 0; x < w; x++) {
				int sx = (int) ((x * (long) fw + fw / 2) / w);
				out[y * w + x] = switch (f.pixelFormat()) {
					case BGRA8 -> bgra(px, row + 4 * sx);
					case UYVY8 -> uyvy(px, row, sx);
					case V210 -> v210(px, row, sx);
				};
			}
		}
		r.width = w;
		r.height = h;
	}

	private static int bgra(ByteBuffer px, int at) {
		return (px.get(at + 2) & 0xff) << 16 | (px.get(at + 1) & 0xff) << 8 | (px.get(at) & 0xff);
	}

	private static int uyvy(ByteBuffer px, int row, int x) {
		int at = row + 4 * (x >> 1);
		return ycbcr(px.get(at + 1 + 2 * (x & 1)) & 0xff, px.get(at) & 0xff, px.get(at + 2) & 0xff);
	}

	/** v210: six pixels in four little-endian words of three 10-bit components each. */
	private static int v210(ByteBuffer px, int row, int x) {
		int at = row + 16 * (x / 6);
		int k = x % 6;
		int y = switch (k) {
			case 0 -> component(px, at, 1);
			case 1 -> component(px, at + 4, 0);
			case 2 -> component(px, at + 4, 2);
			case 3 -> component(px, at + 8, 1);
			case 4 -> component(px, at + 12, 0);
			default -> component(px, at + 12, 2);
		};
		int cb;
		int cr;
		switch (k >> 1) {
			case 0 -> {
				cb = component(px, at, 0);
				cr = component(px, at, 2);
			}
			case 1 -> {
				cb = component(px, at + 4, 1);
				cr = component(px, at + 8, 0);
			}
			default -> {
				cb = component(px, at + 8, 2);
				cr = component(px, at + 12, 1);
			}
		}
		return ycbcr(y >> 2, cb >> 2, cr >> 2);
	}

	private static int component(ByteBuffer px, int word, int index) {
		int v = (px.get(word) & 0xff) | (px.get(word + 1) & 0xff) << 8 | (px.get(word + 2) & 0xff) << 16
				| (px.get(word + 3) & 0xff) << 24;
		return (v >>> (10 * index)) & 0x3ff;
	}

	/** BT.709 limited-range Y'CbCr (8-bit) to 0xRRGGBB. */
	static int ycbcr(int y, int cb, int cr) {
		double l = 1.164383 * (y - 16);
		double u = cb - 128;
		double v = cr - 128;
		return clamp(l + 1.792741 * v) << 16 | clamp(l - 0.213249 * u - 0.532909 * v) << 8 | clamp(l + 2.112402 * u);
	}

	private static int clamp(double v) {
		return v <= 0 ? 0 : v >= 255 ? 255 : (int) Math.round(v);
	}

	/** One caller's request; its array is sized for the largest thumbnail it asked for. */
	static final class Request {
		final int maxWidth;
		final int maxHeight;
		final int[] rgb;
		final CountDownLatch done = new CountDownLatch(1);
		int width;
		int height;
		long displayIndex;
		// set by the worker before done counts down
		FrameBuffer frame;
		long generation;
		Lender lender;

		Request(int maxWidth, int maxHeight) {
			this.maxWidth = maxWidth;
			this.maxHeight = maxHeight;
			this.rgb = new int[maxWidth * maxHeight];
		}
	}
}
