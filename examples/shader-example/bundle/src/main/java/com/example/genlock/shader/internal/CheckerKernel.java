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
		long size = values.getLong(CheckerShader.SIZE);
		long offset = offset(values.getDouble(CheckerShader.SPEED), context.frameTimeNanos(), size);
		int width = target.format().width();
		int stride = target.rowBytes();
		ByteBuffer px = target.pixels();
		for (int y = y0; y < y1; y++) {
			long row = y / size;
			int at = y * stride;
			for (int x = 0; x < width; x++, at += 4) {
				long column = Math.floorDiv(x - offset, size);
				int src = ((row + column) & 1) == 0 ? light : dark;
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

	/** Premultiplied "over": {@code src + dst * (1 - src.alpha)}, each channel rounded. */
	static int over(int src, int dst) {
		int keep = 255 - (src >>> 24);
		if (keep == 0) {
			return src;
		}
		int out = 0;
		for (int shift = 0; shift < 32; shift += 8) {
			int c = (src >>> shift & 0xFF) + ((dst >>> shift & 0xFF) * keep + 127) / 255;
			out |= Math.min(c, 255) << shift;
		}
		return out;
	}
}
