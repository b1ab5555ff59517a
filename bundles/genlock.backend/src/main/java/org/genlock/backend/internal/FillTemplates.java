package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;

/**
 * The backend-owned pictures an underrun fill copies into a pool slot: opaque black and
 * key-safe (all zero) black for the format, and the strategy's slate; a repeat copies from
 * the newest fresh frame's own slot, which the completion worker keeps from reuse while it
 * is the newest (no copy per fresh frame). Fills are whole-frame copies ({@code memcpy}),
 * so a fill costs the same whatever it shows.
 *
 * <p>{@link #lastScheduled()} belongs to the completion worker. The slate is drawn on the control thread into a fresh buffer and published with
 * one volatile write, so the worker never sees a half-drawn slate.
 */
final class FillTemplates {

	/** What the last scheduled frame showed, so REPEAT_LAST_SCHEDULED needs no extra copy. */
	static final int NONE = 0;
	static final int NEWEST = 1;
	static final int BLACK = 2;
	static final int KEY_SAFE_BLACK = 3;
	static final int SLATE = 4;

	/** A drawn slate and the strategy binding that drew it. */
	record Slate(ByteBuffer pixels, long strategyGeneration) {
	}

	private final VideoFormat format;
	private final int rowBytes;
	private final int frameBytes;
	private final ByteBuffer black;
	private final ByteBuffer zero;
	private int lastScheduled = NONE;
	private volatile Slate slate;

	FillTemplates(VideoFormat format, int rowBytes) {
		this.format = format;
		this.rowBytes = rowBytes;
		this.frameBytes = rowBytes * format.height();
		black = direct(frameBytes);
		paintBlack(black, format, rowBytes);
		zero = direct(frameBytes);
	}

	private static ByteBuffer direct(int bytes) {
		return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Writes opaque black in the pixel format: BGRA (0,0,0,255), UYVY and v210 at video black. */
	static void paintBlack(ByteBuffer b, VideoFormat format, int rowBytes) {
		PixelFormat pf = format.pixelFormat();
		int row = format.rowBytes();
		for (int x = 0; x < row; x += 4) {
			b.putInt(x, blackWord(pf, x));
		}
		// every row is the same: copy the first (a channel start runs this before the JIT has)
		for (int y = 1; y < format.height(); y++) {
			b.put(y * rowBytes, b, 0, row);
		}
	}

	private static int blackWord(PixelFormat pf, int byteOffset) {
		return switch (pf) {
			case BGRA8 -> 0xFF000000;
			// U Y V Y with Y = 16, U = V = 128
			case UYVY8 -> 0x10801080;
			// v210 words alternate Cb Y Cr / Y Cb Y with Y = 64, C = 512 (10 bit)
			case V210 -> ((byteOffset / 4) & 1) == 0 ? (512 | 64 << 10 | 512 << 20) : (64 | 512 << 10 | 64 << 20);
		};
	}

	VideoFormat format() {
		return format;
	}

	int frameBytes() {
		return frameBytes;
	}

	/** Forgets what was scheduled last (a new playback, or no strategy to repeat it). */
	void resetHistory() {
		lastScheduled = NONE;
	}

	/** What the last scheduled frame showed: one of the template kinds, or {@link #NONE}. */
	int lastScheduled() {
		return lastScheduled;
	}

	void lastScheduled(int kind) {
		lastScheduled = kind;
	}

	boolean slateAvailable() {
		return slate != null;
	}

	/**
	 * Copies a template into a frame. Worker thread; never allocates.
	 *
	 * @param newest the newest fresh frame, for {@link #NEWEST}; {@code null} if there is none
	 * @return whether the template existed (otherwise nothing was written)
	 */
	boolean copyInto(int kind, FrameBuffer target, FrameBuffer newest) {
		ByteBuffer src = switch (kind) {
			case NEWEST -> newest == null ? null : newest.pixels();
			case BLACK -> black;
			case KEY_SAFE_BLACK -> format.pixelFormat().hasAlpha() ? zero : black;
			case SLATE -> {
				Slate s = slate;
				yield s == null ? null : s.pixels();
			}
			default -> null;
		};
		if (src == null) {
			return false;
		}
		target.pixels().put(0, src, 0, frameBytes);
		return true;
	}

	/**
	 * Asks a strategy to draw its slate into a new template and publishes it (or withdraws
	 * the slate if the strategy draws none). Control thread; allocates.
	 *
	 * @return whether a slate is now available
	 * @throws RuntimeException whatever the strategy threw (the slate is withdrawn first)
	 */
	boolean drawSlate(UnderrunStrategy strategy, long strategyGeneration) {
		if (strategy == null) {
			slate = null;
			return false;
		}
		ByteBuffer pixels = direct(frameBytes);
		Template target = new Template(format, rowBytes, pixels);
		boolean drawn;
		try {
			drawn = strategy.drawSlate(target);
		} catch (RuntimeException e) {
			slate = null;
			throw e;
		}
		slate = drawn ? new Slate(pixels, strategyGeneration) : null;
		return drawn;
	}

	/** A template buffer handed to {@link UnderrunStrategy#drawSlate}; not a pool slot (slot -1). */
	record Template(VideoFormat format, int rowBytes, ByteBuffer pixels) implements FrameBuffer {
		@Override
		public int slot() {
			return -1;
		}

		@Override
		public long generation() {
			return 0;
		}
	}
}
