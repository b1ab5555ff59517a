package org.genlock.shader.bars.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderContext;
import org.genlock.shader.support.Over;

/**
 * SMPTE RP 219-1 HD colour bars (the 16:9 pattern) written as full-range 8-bit R'G'B'.
 *
 * <h2>Geometry</h2> For a picture {@code W x H}: side pillars {@code d = round(W / 8)} wide
 * (so the 4:3 centre cut is exactly the {@code 3W/4} between them); bar unit
 * {@code c = 3W/4 / 7}. Every horizontal edge is at {@code d + round(n * (W - 2d) / 42)} for
 * a position {@code n} counted in sixths of {@code c} (bar {@code i} spans
 * {@code n = 6i .. 6i+6}). Rows end at {@code round(7H/12)}, {@code round(8H/12)},
 * {@code round(9H/12)} and {@code H}.
 * <ol>
 * <li>Pattern 1 (top 7/12): 40% grey pillars; bars of 75% white, yellow, cyan, green,
 * magenta, red, blue.</li>
 * <li>Pattern 2 (1/12): 100% cyan pillar; {@code *1} = 75% white (the first RP 219 option,
 * rather than 100% white or +I); 75% white over bars 2-7; 100% blue pillar.</li>
 * <li>Pattern 3 (1/12): 100% yellow pillar; {@code *3} = 0% black (the first option, rather
 * than -Q); a Y ramp from 0% to 100% over bars 2-7 (pixel {@code i} of {@code n} is
 * {@code round(255 i / (n - 1))}); 100% red pillar.</li>
 * <li>Pattern 4 (bottom 1/4): 15% grey pillars; 0% black 1.5c; 100% white 2c; 0% black
 * 5c/6; PLUGE -2%, 0%, +2%, 0%, +4% each c/3; 0% black c.</li>
 * </ol>
 * 1920x1080: pillars 0-239 and 1680-1919, bar edges 240, 446, 651, 857, 1063, 1269, 1474,
 * 1680; rows 0-629, 630-719, 720-809, 810-1079. 1280x720: pillars 160 wide, bar edges 160,
 * 297, 434, 571, 709, 846, 983, 1120; rows 0-419, 420-479, 480-539, 540-719.
 *
 * <h2>Values</h2> RP 219 defines 10-bit narrow-range Y'CbCr (BT.709); BGRA8 frames are
 * full-range R'G'B', so a level {@code p} becomes {@code round(255 p)}: 100% = 255,
 * 75% = 191, 40% = 102, 15% = 38, +4% = 10, +2% = 5, 0% = 0. Full range has no code below
 * black, so the -2% PLUGE step clamps to 0 and is indistinguishable from 0% black in BGRA8
 * (a UYVY8/V210 conversion would need the narrow-range value 60/1023 instead). All pixels are
 * opaque; the layer opacity scales them and they composite "over" the layers below.
 */
final class BarsKernel implements CpuKernel {

	static final int WHITE_100 = 0xFFFFFFFF;
	static final int WHITE_75 = 0xFFBFBFBF;
	static final int YELLOW_75 = 0xFFBFBF00;
	static final int CYAN_75 = 0xFF00BFBF;
	static final int GREEN_75 = 0xFF00BF00;
	static final int MAGENTA_75 = 0xFFBF00BF;
	static final int RED_75 = 0xFFBF0000;
	static final int BLUE_75 = 0xFF0000BF;
	static final int GREY_40 = 0xFF666666;
	static final int GREY_15 = 0xFF262626;
	static final int CYAN_100 = 0xFF00FFFF;
	static final int BLUE_100 = 0xFF0000FF;
	static final int YELLOW_100 = 0xFFFFFF00;
	static final int RED_100 = 0xFFFF0000;
	static final int BLACK = 0xFF000000;
	static final int MINUS_2 = 0xFF000000; // clamped: full range has no sub-black code
	static final int PLUS_2 = 0xFF050505;
	static final int PLUS_4 = 0xFF0A0A0A;

	private static final int[] BARS_75 = {WHITE_75, YELLOW_75, CYAN_75, GREEN_75, MAGENTA_75, RED_75, BLUE_75};
	/** Edges of pattern 4 in sixths of a bar, from the left pillar to the right one. */
	private static final int[] BOTTOM_EDGES = {0, 9, 21, 26, 28, 30, 32, 34, 36, 42};
	private static final int[] BOTTOM_COLOURS = {BLACK, WHITE_100, BLACK, MINUS_2, BLACK, PLUS_2, BLACK, PLUS_4, BLACK};

	static final String GLSL = glsl();

	static int pillar(int width) {
		return (width + 4) / 8;
	}

	/** The x of an edge {@code sixths} sixths of a bar right of the left pillar. */
	static int edge(int width, int sixths) {
		int d = pillar(width);
		return d + (2 * sixths * (width - 2 * d) + 42) / 84;
	}

	/** The first row below {@code twelfths} twelfths of the height. */
	static int rowEdge(int height, int twelfths) {
		return (2 * twelfths * height + 12) / 24;
	}

	static int ramp(int i, int n) {
		return n <= 1 ? 0 : (2 * 255 * i + (n - 1)) / (2 * (n - 1));
	}

	/** Every pixel is opaque, so at opacity 1 nothing below shows through. */
	@Override
	public boolean opaque(ParameterValues values) {
		return true;
	}

	@Override
	public void render(FrameBuffer target, int y0, int y1, ShaderContext context, ParameterValues values) {
		int opacity = Over.opacity8(context.opacity());
		if (opacity == 0) {
			return;
		}
		int w = target.format().width();
		int h = target.format().height();
		ByteBuffer px = target.pixels();
		int stride = target.rowBytes();
		int top = rowEdge(h, 7);
		int second = rowEdge(h, 8);
		int third = rowEdge(h, 9);
		if (opacity == Over.OPAQUE) {
			// every row of a pattern is the same: copy the row rendered once for this width
			byte[][] rows = rows(w).patterns;
			int length = 4 * w;
			for (int y = y0; y < y1; y++) {
				byte[] pattern = rows[y < top ? 0 : y < second ? 1 : y < third ? 2 : 3];
				px.put(y * stride, pattern, 0, length);
			}
			return;
		}
		for (int y = y0; y < y1; y++) {
			renderRow(px, y * stride, y < top ? 0 : y < second ? 1 : y < third ? 2 : 3, w, opacity);
		}
	}

	/** Composites one row of pattern {@code 0..3} (top to bottom) at a byte offset. */
	private static void renderRow(ByteBuffer px, int row, int pattern, int w, int opacity) {
		int d = pillar(w);
		int right = w - d;
		switch (pattern) {
			case 0 -> {
				Over.fill(px, row, 0, d, GREY_40, opacity);
				for (int i = 0; i < 7; i++) {
					Over.fill(px, row, edge(w, 6 * i), edge(w, 6 * i + 6), BARS_75[i], opacity);
				}
				Over.fill(px, row, right, w, GREY_40, opacity);
			}
			case 1 -> {
				Over.fill(px, row, 0, d, CYAN_100, opacity);
				Over.fill(px, row, d, right, WHITE_75, opacity);
				Over.fill(px, row, right, w, BLUE_100, opacity);
			}
			case 2 -> {
				Over.fill(px, row, 0, d, YELLOW_100, opacity);
				int rampStart = edge(w, 6);
				Over.fill(px, row, d, rampStart, BLACK, opacity);
				int n = right - rampStart;
				for (int i = 0; i < n; i++) {
					int v = ramp(i, n);
					Over.put(px, row + 4 * (rampStart + i), 0xFF000000 | v << 16 | v << 8 | v, opacity);
				}
				Over.fill(px, row, right, w, RED_100, opacity);
			}
			default -> {
				Over.fill(px, row, 0, d, GREY_15, opacity);
				for (int i = 0; i < BOTTOM_COLOURS.length; i++) {
					Over.fill(px, row, edge(w, BOTTOM_EDGES[i]), edge(w, BOTTOM_EDGES[i + 1]), BOTTOM_COLOURS[i], opacity);
				}
				Over.fill(px, row, right, w, GREY_15, opacity);
			}
		}
	}

	/** The four pattern rows of one width at opacity 1, as BGRA8 bytes; immutable once built. */
	private record Rows(int width, byte[][] patterns) {}

	/** Most distinct widths kept; channels rarely use more than two. */
	private static final int CACHED_WIDTHS = 8;
	/** Rows per width, newest last; replaced whole (copy on write), read without locking. */
	private volatile Rows[] cache = new Rows[0];

	/** The pattern rows for a width: built on the first frame of that width, then shared. */
	private Rows rows(int width) {
		for (Rows r : cache) {
			if (r.width == width) {
				return r;
			}
		}
		return build(width);
	}

	private synchronized Rows build(int width) {
		Rows[] current = cache;
		for (Rows r : current) {
			if (r.width == width) {
				return r;
			}
		}
		byte[][] patterns = new byte[4][];
		for (int p = 0; p < 4; p++) {
			ByteBuffer row = ByteBuffer.allocate(4 * width).order(ByteOrder.LITTLE_ENDIAN);
			renderRow(row, 0, p, width, Over.OPAQUE);
			patterns[p] = row.array();
		}
		Rows built = new Rows(width, patterns);
		int keep = Math.min(current.length, CACHED_WIDTHS - 1);
		Rows[] next = Arrays.copyOfRange(current, current.length - keep, current.length + 1);
		next[keep] = built;
		cache = next;
		return built;
	}

	private static String glsl() {
		StringBuilder edges = new StringBuilder();
		StringBuilder colours = new StringBuilder();
		for (int i = 0; i < BOTTOM_EDGES.length; i++) {
			edges.append(i == 0 ? "" : ", ").append(BOTTOM_EDGES[i]);
		}
		for (int i = 0; i < BOTTOM_COLOURS.length; i++) {
			colours.append(i == 0 ? "" : ", ").append(vec(BOTTOM_COLOURS[i]));
		}
		StringBuilder bars = new StringBuilder();
		for (int i = 0; i < BARS_75.length; i++) {
			bars.append(i == 0 ? "" : ", ").append(vec(BARS_75[i]));
		}
		return """
				// SMPTE RP 219-1 HD colour bars, full-range 8-bit R'G'B'; the same geometry and
				// values as the CPU kernel (integer edges, so both paths agree to the pixel).
				const int BARS_BOTTOM_EDGES[10] = int[10](%s);
				const vec4 BARS_BOTTOM[9] = vec4[9](%s);
				const vec4 BARS_75[7] = vec4[7](%s);

				int barsEdge(int w, int sixths) {
				    int d = (w + 4) / 8;
				    return d + (2 * sixths * (w - 2 * d) + 42) / 84;
				}

				vec4 mainImage(vec2 fragCoord) {
				    int w = int(iResolution.x + 0.5);
				    int h = int(iResolution.y + 0.5);
				    int x = int(floor(fragCoord.x));
				    int y = int(floor(fragCoord.y));
				    int d = (w + 4) / 8;
				    int right = w - d;
				    bool left = x < d;
				    bool pillarRight = x >= right;
				    if (y < (14 * h + 12) / 24) {
				        if (left || pillarRight) return %s;
				        int bar = 0;
				        for (int i = 1; i < 7; i++) { if (x >= barsEdge(w, 6 * i)) bar = i; }
				        return BARS_75[bar];
				    }
				    if (y < (16 * h + 12) / 24) {
				        return left ? %s : pillarRight ? %s : %s;
				    }
				    if (y < (18 * h + 12) / 24) {
				        if (left) return %s;
				        if (pillarRight) return %s;
				        int rampStart = barsEdge(w, 6);
				        if (x < rampStart) return %s;
				        int n = right - rampStart;
				        int v = n <= 1 ? 0 : (2 * 255 * (x - rampStart) + (n - 1)) / (2 * (n - 1));
				        return vec4(vec3(float(v) / 255.0), 1.0);
				    }
				    if (left || pillarRight) return %s;
				    int part = 0;
				    for (int i = 1; i < 9; i++) { if (x >= barsEdge(w, BARS_BOTTOM_EDGES[i])) part = i; }
				    return BARS_BOTTOM[part];
				}
				""".formatted(edges, colours, bars, vec(GREY_40), vec(CYAN_100), vec(BLUE_100), vec(WHITE_75),
				vec(YELLOW_100), vec(RED_100), vec(BLACK), vec(GREY_15));
	}

	private static String vec(int argb) {
		return String.format(Locale.ROOT, "vec4(%d.0, %d.0, %d.0, 255.0) / 255.0", (argb >>> 16) & 0xFF,
				(argb >>> 8) & 0xFF, argb & 0xFF);
	}
}
