package org.genlock.shader.timecode.internal;

import java.nio.ByteBuffer;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderContext;
import org.genlock.api.video.Rational;
import org.genlock.api.video.Timecode;
import org.genlock.shader.support.Over;

/**
 * Burnt-in timecode: a box with two lines of a 5x7 bitmap font,
 * {@code TC HH:MM:SS:FF} ({@code ;} before the frames for drop-frame, three frame digits
 * above 100 fps) and {@code FRM nnnnnnnnnn} (the display index modulo 10^10), plus a
 * machine-readable display-index strip.
 *
 * <h2>Display-index strip</h2> Drawn when the {@code strip} parameter is true (the
 * default), on top of everything else this layer draws:
 * <ul>
 * <li>Rows 0 to 7 (8 lines), from column 0: 69 blocks of 8x8 pixels; block {@code k}
 * covers columns {@code 8k .. 8k+7}. Columns from 552 on are not touched.</li>
 * <li>Each block is uniformly opaque white ({@code 0xFFFFFFFF}, bit 1) or opaque black
 * ({@code 0xFF000000}, bit 0), then scaled by the layer opacity and composited over the
 * layers below like every other pixel: decode at layer opacity 1 (the default).</li>
 * <li>Blocks 0-3: start marker 1, 1, 0, 1 (white, white, black, white).</li>
 * <li>Blocks 4-67: bits 0 to 63 of the display index, least significant bit first (block
 * {@code 4 + i} holds bit {@code i}).</li>
 * <li>Block 68: parity, 1 when the number of 1 bits in the display index is odd (so the 65
 * blocks 4-68 always hold an even number of 1s).</li>
 * </ul>
 * To decode, sample one pixel per block, e.g. its centre {@code (8k + 4, 4)}, and read a bit
 * as 1 when the green channel is {@code >= 128}; check the marker and the parity. Pictures
 * narrower than 552 pixels lose the blocks beyond their width.
 *
 * <h2>Box</h2> One font pixel is {@code u = max(1, round(size * H / 216))} picture pixels
 * (5 at 1080 lines, size 1). Glyph cells are 6u wide (5 + 1 spacing), lines 7u tall and 10u
 * apart; the box has a 2u margin, so it is {@code (6 * columns + 3) u} by {@code 21u} with
 * 14 columns (15 with three frame digits). The box is black at 60% (premultiplied
 * {@code 0x99000000}), text opaque white. Positions 0-8 place it left/centre/right and
 * top/middle/bottom with a 5% margin of the width and height; with the strip on, a top box
 * starts below row 8.
 *
 * <p>Stateless: all per-frame values are derived on the stack from the context; no
 * allocation.
 */
final class TimecodeKernel implements CpuKernel {

	static final int STRIP_BLOCK = 8;
	static final int STRIP_BLOCKS = 69;
	static final int STRIP_DATA = 4;
	static final int STRIP_PARITY = 68;
	/** Start marker, block 0 in bit 0. */
	static final int STRIP_MARKER = 0b1011;

	static final int WHITE = 0xFFFFFFFF;
	static final int BLACK = 0xFF000000;
	static final int BOX = 0x99000000;

	static final int GLYPH_W = 5;
	static final int GLYPH_H = 7;
	static final int CELL = 6;
	static final int PAD = 2;
	static final int LINE_PITCH = 10;
	static final int BOX_UNITS_H = 2 * PAD + LINE_PITCH + GLYPH_H;

	static final int COLON = 10;
	static final int SEMICOLON = 11;
	static final int SPACE = 12;
	static final int T = 13;
	static final int C = 14;
	static final int F = 15;
	static final int R = 16;
	static final int M = 17;

	/** 5x7 glyphs, seven rows each, bit 4 the leftmost pixel; indexed by the codes above. */
	static final int[] FONT = {
			0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110, // 0
			0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110, // 1
			0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111, // 2
			0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110, // 3
			0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010, // 4
			0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110, // 5
			0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110, // 6
			0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000, // 7
			0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110, // 8
			0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100, // 9
			0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000, // :
			0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b00100, 0b01000, // ;
			0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, // space
			0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, // T
			0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110, // C
			0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000, // F
			0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001, // R
			0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001, // M
	};

	/** Fixed prefixes of the two lines; the rest are 4-bit codes packed in a long. */
	private static final int[] PREFIX_1 = {T, C, SPACE};
	private static final int[] PREFIX_2 = {F, R, M, SPACE};
	static final int COUNTER_DIGITS = 10;
	private static final long COUNTER_MODULUS = 10_000_000_000L;

	static final String GLSL = TimecodeGlsl.fragment();

	/** Font pixel size in picture pixels. */
	static int unit(double size, int height) {
		return Math.max(1, (int) Math.round(size * height / 216.0));
	}

	static int frameDigits(int nominal) {
		return nominal > 100 ? 3 : 2;
	}

	/** Packs {@code HH:MM:SS:FF} as 4-bit glyph codes, first character in the lowest bits. */
	static long packTimecode(long label, int nominal, boolean dropFrame) {
		int digits = frameDigits(nominal);
		long seconds = label / nominal;
		long packed = 0;
		int shift = 0;
		packed |= (seconds / 36000 % 10) << shift;
		packed |= (seconds / 3600 % 10) << (shift += 4);
		packed |= (long) COLON << (shift += 4);
		packed |= (seconds / 600 % 6) << (shift += 4);
		packed |= (seconds / 60 % 10) << (shift += 4);
		packed |= (long) COLON << (shift += 4);
		packed |= (seconds % 60 / 10) << (shift += 4);
		packed |= (seconds % 10) << (shift += 4);
		packed |= (long) (dropFrame ? SEMICOLON : COLON) << (shift += 4);
		long ff = label % nominal;
		for (int p = digits - 1; p >= 0; p--) {
			packed |= (ff / pow10(p) % 10) << (shift += 4);
		}
		return packed;
	}

	static long packCounter(long displayIndex) {
		long n = Math.floorMod(displayIndex, COUNTER_MODULUS);
		long packed = 0;
		for (int i = 0; i < COUNTER_DIGITS; i++) {
			packed |= (n / pow10(COUNTER_DIGITS - 1 - i) % 10) << (4 * i);
		}
		return packed;
	}

	private static long pow10(int p) {
		long r = 1;
		for (int i = 0; i < p; i++) {
			r *= 10;
		}
		return r;
	}

	/** Whether strip block {@code k} is white for a display index. */
	static boolean stripBit(int k, long displayIndex) {
		if (k < STRIP_DATA) {
			return (STRIP_MARKER >>> k & 1) != 0;
		}
		if (k < STRIP_PARITY) {
			return (displayIndex >>> (k - STRIP_DATA) & 1) != 0;
		}
		return (Long.bitCount(displayIndex) & 1) != 0;
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
		boolean strip = values.getBoolean(TimecodeShader.STRIP);

		Rational rate = target.format().frameRate();
		int nominal = Timecode.nominalRate(rate);
		boolean drop = context.dropFrame() && Timecode.isDropFrameRate(rate);
		long label = Timecode.labelOf(context.timecodeFrames(), rate, drop);
		long line1 = packTimecode(label, nominal, drop);
		int length1 = PREFIX_1.length + 9 + frameDigits(nominal);
		long line2 = packCounter(context.displayIndex());
		int length2 = PREFIX_2.length + COUNTER_DIGITS;
		int columns = Math.max(length1, length2);

		int u = unit(values.getDouble(TimecodeShader.SIZE), h);
		int boxW = (CELL * columns + 2 * PAD - 1) * u;
		int boxH = BOX_UNITS_H * u;
		int position = (int) values.getLong(TimecodeShader.POSITION);
		int boxX = place(position % 3, w, boxW);
		int boxY = place(position / 3, h, boxH);
		if (strip && position / 3 == 0) {
			boxY = Math.max(boxY, STRIP_BLOCK);
		}
		int x0 = Math.max(0, boxX);
		int x1 = Math.min(w, boxX + boxW);

		for (int y = y0; y < y1; y++) {
			int row = y * stride;
			int by = y - boxY;
			if (by >= 0 && by < boxH && x0 < x1) {
				int ty = by - PAD * u;
				int glyphRow = -1;
				long text = 0;
				int prefix = 0;
				int length = 0;
				if (ty >= 0 && ty < GLYPH_H * u) {
					glyphRow = ty / u;
					text = line1;
					prefix = 1;
					length = length1;
				} else if (ty >= LINE_PITCH * u && ty < (LINE_PITCH + GLYPH_H) * u) {
					glyphRow = (ty - LINE_PITCH * u) / u;
					text = line2;
					prefix = 2;
					length = length2;
				}
				if (glyphRow < 0) {
					Over.fill(px, row, x0, x1, BOX, opacity);
				} else {
					// runs of u pixels per font pixel, no division per picture pixel
					int textX = boxX + PAD * u;
					Over.fill(px, row, x0, clamp(textX, x0, x1), BOX, opacity);
					int cellW = CELL * u;
					for (int cell = 0; cell < length; cell++) {
						int cx = textX + cell * cellW;
						int bits = FONT[glyph(prefix, cell, text) * GLYPH_H + glyphRow];
						for (int gc = 0; gc < GLYPH_W; gc++) {
							int colour = (bits >>> (GLYPH_W - 1 - gc) & 1) != 0 ? WHITE : BOX;
							Over.fill(px, row, clamp(cx + gc * u, x0, x1), clamp(cx + (gc + 1) * u, x0, x1), colour,
									opacity);
						}
						Over.fill(px, row, clamp(cx + GLYPH_W * u, x0, x1), clamp(cx + cellW, x0, x1), BOX, opacity);
					}
					Over.fill(px, row, clamp(textX + length * cellW, x0, x1), x1, BOX, opacity);
				}
			}
			if (strip && y < STRIP_BLOCK) {
				long index = context.displayIndex();
				for (int k = 0; k < STRIP_BLOCKS && k * STRIP_BLOCK < w; k++) {
					Over.fill(px, row, k * STRIP_BLOCK, Math.min(w, (k + 1) * STRIP_BLOCK),
							stripBit(k, index) ? WHITE : BLACK, opacity);
				}
			}
		}
	}

	private static int clamp(int x, int lo, int hi) {
		return x < lo ? lo : Math.min(x, hi);
	}

	private static int glyph(int line, int cell, long text) {
		int[] prefix = line == 1 ? PREFIX_1 : PREFIX_2;
		if (cell < prefix.length) {
			return prefix[cell];
		}
		return (int) (text >>> (4 * (cell - prefix.length)) & 0xF);
	}

	/** Start of a box along one axis: 0 = near edge, 1 = centred, 2 = far edge; 5% margin. */
	static int place(int slot, int extent, int size) {
		int margin = extent / 20;
		return switch (slot) {
			case 0 -> margin;
			case 1 -> (extent - size) / 2;
			default -> extent - margin - size;
		};
	}
}
