package org.genlock.shader.zoneplate.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderContext;
import org.genlock.shader.support.Over;

/**
 * CPU zone plate. The argument {@code X(x) + Y(y) + P(t)} is separable, so
 * {@code cos(X + Y + P) = cos X cos(Y + P) - sin X sin(Y + P)}: {@code cos X} and
 * {@code sin X} per column are tabulated once per raster and scale, {@code Y + P} costs two
 * trigonometric calls per row, and a pixel is two multiplications and a subtraction.
 *
 * <p>Tables are built on the first frame after the raster or {@code scale} changes (the only
 * allocation) and kept in a small cache shared by all threads, so two zone plate layers with
 * different scales do not rebuild every frame. The phase is taken modulo one cycle in double
 * precision from the exact frame time, so it does not drift after hours.
 */
final class ZonePlateKernel implements CpuKernel {

	private static final int CACHE = 4;

	static final String GLSL = """
			// Moving circular zone plate; the same picture as the CPU kernel.
			vec4 mainImage(vec2 fragCoord) {
			    vec2 uv = (fragCoord - 0.5 * iResolution) / iResolution.y;
			    float k = 3.14159265 * scale * iResolution.y;
			    float phase = 6.28318531 * fract(speed * iTime);
			    float l = 0.5 + 0.5 * cos(k * dot(uv, uv) + phase);
			    return vec4(vec3(l), 1.0);
			}
			""";

	private final AtomicReferenceArray<Columns> cache = new AtomicReferenceArray<>(CACHE);
	private final AtomicInteger nextSlot = new AtomicInteger();

	/** Per-column terms for one raster and scale. Immutable once published. */
	private static final class Columns {
		final int width;
		final int height;
		final double scale;
		final float[] cos;
		final float[] sin;

		Columns(int width, int height, double scale) {
			this.width = width;
			this.height = height;
			this.scale = scale;
			this.cos = new float[width];
			this.sin = new float[width];
			double k = Math.PI * scale * height;
			for (int x = 0; x < width; x++) {
				double u = (x + 0.5 - width / 2.0) / height;
				double a = k * u * u;
				cos[x] = (float) Math.cos(a);
				sin[x] = (float) Math.sin(a);
			}
		}

		boolean matches(int w, int h, double s) {
			return width == w && height == h && scale == s;
		}
	}

	private Columns columns(int width, int height, double scale) {
		for (int i = 0; i < CACHE; i++) {
			Columns c = cache.get(i);
			if (c != null && c.matches(width, height, scale)) {
				return c;
			}
		}
		// Two threads may both build it; both results are identical, so the race is harmless.
		Columns c = new Columns(width, height, scale);
		cache.set(Math.floorMod(nextSlot.getAndIncrement(), CACHE), c);
		return c;
	}

	/** The phase in radians, {@code 2 pi frac(speed * t)}, exact to well below a pixel level. */
	static double phase(double speed, long frameTimeNanos) {
		long seconds = Math.floorDiv(frameTimeNanos, 1_000_000_000L);
		long nanos = Math.floorMod(frameTimeNanos, 1_000_000_000L);
		double whole = speed * seconds;
		double cycles = (whole - Math.floor(whole)) + speed * (nanos / 1e9);
		return 2 * Math.PI * (cycles - Math.floor(cycles));
	}

	@Override
	public void render(FrameBuffer target, int y0, int y1, ShaderContext context, ParameterValues values) {
		int opacity = Over.opacity8(context.opacity());
		if (opacity == 0) {
			return;
		}
		int w = target.format().width();
		int h = target.format().height();
		double scale = values.getDouble(ZonePlateShader.SCALE);
		double p = phase(values.getDouble(ZonePlateShader.SPEED), context.frameTimeNanos());
		Columns cols = columns(w, h, scale);
		float[] cx = cols.cos;
		float[] sx = cols.sin;
		double k = Math.PI * scale * h;
		ByteBuffer px = target.pixels();
		int stride = target.rowBytes();
		for (int y = y0; y < y1; y++) {
			double v = (y + 0.5 - h / 2.0) / h;
			double a = k * v * v + p;
			float cy = (float) Math.cos(a);
			float sy = (float) Math.sin(a);
			int row = y * stride;
			for (int x = 0; x < w; x++) {
				float c = cx[x] * cy - sx[x] * sy;
				int l = (int) (127.5f + 127.5f * c + 0.5f);
				l = l < 0 ? 0 : Math.min(l, 255);
				Over.put(px, row + 4 * x, 0xFF000000 | l << 16 | l << 8 | l, opacity);
			}
		}
	}
}
