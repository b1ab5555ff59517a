package com.example.genlock.shader.internal;

import java.nio.ByteBuffer;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderContext;

/**
 * The checkerboard on the CPU. Stateless: the software renderer calls it from several threads
 * at once for different rows; per call it allocates nothing.
 */
final class CheckerKernel implements CpuKernel {

	@Override
	public boolean opaque(ParameterValues values) {
		// every pixel gets light or dark: with both opaque, nothing below the layer shows
		return values.getComponent(CheckerShader.LIGHT, 3) == 1f && values.getComponent(CheckerShader.DARK, 3) == 1f;
	}

	@Override
	public void render(FrameBuffer target, int y0, int y1, ShaderContext context, ParameterValues values) {
		float opacity = context.opacity();
		if (opacity <= 0f) {
			return;
		}
		int light = argb(values, CheckerShader.LIGHT, opacity);
		int dark = argb(values, CheckerShader.DARK, opacity);
		int size = (int) values.getLong(CheckerShader.SIZE);
		int offset = (int) offset(values.getDouble(CheckerShader.SPEED), context.frameTimeNanos(), size);
		int width = target.format().width();
		int stride = target.rowBytes();
		ByteBuffer px = target.pixels();
		for (int y = y0; y < y1; y++) {
			int row = y * stride;
			// the square at x = 0 starts at offset - 2 * size (offset < 2 * size), and is light
			// when its column and the row of squares add up to an even number
			int x = 0;
			int end = offset - 2 * size;
			boolean isLight = ((y / size) & 1) == 0;
			while (x < width) {
				end += size;
				if (end > x) {
					run(px, row, x, Math.min(end, width), isLight ? light : dark);
					x = end;
				}
				isLight = !isLight;
			}
		}
	}

	/** Composites one colour over pixels {@code [x0, x1)} of a row: square by square, not pixel by pixel. */
	private static void run(ByteBuffer px, int row, int x0, int x1, int src) {
		int end = row + 4 * x1;
		if (src >>> 24 == 0xFF) {
			for (int at = row + 4 * x0; at < end; at += 4) {
				px.putInt(at, src);
			}
		} else if (src != 0) {
			for (int at = row + 4 * x0; at < end; at += 4) {
				px.putInt(at, over(src, px.getInt(at)));
			}
		}
	}

	/**
	 * How far the pattern has scrolled at a frame time, in whole pixels modulo one period of
	 * two squares. Seconds and nanoseconds are taken apart so the offset stays exact after
	 * days on air, where {@code speed * t} in one double would lose whole pixels.
	 */
	static long offset(double speed, long frameTimeNanos, long size) {
		double period = 2.0 * size;
		long seconds = Math.floorDiv(frameTimeNanos, 1_000_000_000L);
		long nanos = Math.floorMod(frameTimeNanos, 1_000_000_000L);
		double whole = (speed * seconds) % period;
		double pixels = whole + speed * (nanos / 1e9);
		return (long) Math.floor(pixels - Math.floor(pixels / period) * period);
	}

	/** A premultiplied COLOR parameter times the layer opacity, as {@code 0xAARRGGBB}. */
	static int argb(ParameterValues values, int index, float opacity) {
		int a = channel(values.getComponent(index, 3) * opacity);
		int r = channel(values.getComponent(index, 0) * opacity);
		int g = channel(values.getComponent(index, 1) * opacity);
		int b = channel(values.getComponent(index, 2) * opacity);
		return a << 24 | r << 16 | g << 8 | b;
	}

	private static int channel(float v) {
		return Math.max(0, Math.min(255, Math.round(v * 255f)));
	}

	/**
	 * Premultiplied "over": {@code src + dst * (1 - src.alpha)}, each channel rounded to
	 * nearest. Two channels per multiplication (blue and red, green and alpha): each product
	 * stays below 2^16, so the lanes never carry into each other.
	 */
	static int over(int src, int dst) {
		int keep = 255 - (src >>> 24);
		if (keep == 0) {
			return src;
		}
		return src + (times(dst >>> 8, keep) << 8 | times(dst, keep));
	}

	/** {@code round(lane * factor / 255)} for the bytes at bits 0-7 and 16-23. */
	private static int times(int lanes, int factor) {
		int t = (lanes & 0x00FF00FF) * factor + 0x00800080;
		return ((t + ((t >>> 8) & 0x00FF00FF)) >>> 8) & 0x00FF00FF;
	}
}
