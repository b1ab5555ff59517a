package org.genlock.shader.timecode.internal;

import static org.genlock.shader.timecode.internal.TimecodeKernel.FONT;

/**
 * The GLSL fragment of the timecode shader, generated from the kernel's constants so the
 * glyphs and layout cannot drift apart.
 *
 * <p>The GLSL preamble offers only {@code iResolution}, {@code iTime} and {@code iFrame}:
 * there is no timecode, timecode origin, drop-frame flag or frame rate, and the display index
 * is cut to 31 bits. The GL picture therefore shows non-drop timecode counted from display
 * index 0 at the nominal rate {@code round(iFrame / iTime)}, and strip bits 31-63 are 0. For
 * display indices below 2^31 on a channel whose timecode origin is 0 and which does not use
 * drop-frame, it equals the CPU picture.
 */
final class TimecodeGlsl {

	private TimecodeGlsl() {}

	static String fragment() {
		StringBuilder font = new StringBuilder();
		for (int i = 0; i < FONT.length; i++) {
			font.append(i == 0 ? "" : i % 7 == 0 ? ",\n    " : ", ").append(FONT[i]);
		}
		return """
				// Burnt-in timecode, frame counter and display-index strip; see the bundle README.
				const int TC_FONT[%d] = int[%d](
				    %s);

				int tcPow10(int p) {
				    int r = 1;
				    for (int i = 0; i < p; i++) r *= 10;
				    return r;
				}

				bool tcStripBit(int k, int index) {
				    if (k < %d) return ((%d >> k) & 1) != 0;
				    if (k < %d) { int b = k - %d; return b < 31 && ((index >> b) & 1) != 0; }
				    int ones = 0;
				    for (int b = 0; b < 31; b++) ones += (index >> b) & 1;
				    return (ones & 1) != 0;
				}

				int tcPlace(int slot, int extent, int size) {
				    int margin = extent / 20;
				    return slot == 0 ? margin : slot == 1 ? (extent - size) / 2 : extent - margin - size;
				}

				// Glyph code of a character cell: line 0 "TC HH:MM:SS:FF", line 1 "FRM nnnnnnnnnn".
				int tcGlyph(int line, int cell, int label, int nominal, int ffDigits, int counter) {
				    if (line == 0) {
				        if (cell == 0) return %d;
				        if (cell == 1) return %d;
				        if (cell == 2) return %d;
				        int c = cell - 3;
				        int seconds = label / nominal;
				        if (c == 2 || c == 5 || c == 8) return %d;
				        if (c == 0) return seconds / 36000 %% 10;
				        if (c == 1) return seconds / 3600 %% 10;
				        if (c == 3) return seconds / 600 %% 6;
				        if (c == 4) return seconds / 60 %% 10;
				        if (c == 6) return seconds %% 60 / 10;
				        if (c == 7) return seconds %% 10;
				        return (label %% nominal) / tcPow10(ffDigits - 1 - (c - 9)) %% 10;
				    }
				    if (cell == 0) return %d;
				    if (cell == 1) return %d;
				    if (cell == 2) return %d;
				    if (cell == 3) return %d;
				    return counter / tcPow10(%d - 1 - (cell - 4)) %% 10;
				}

				vec4 mainImage(vec2 fragCoord) {
				    int w = int(iResolution.x + 0.5);
				    int h = int(iResolution.y + 0.5);
				    int x = int(floor(fragCoord.x));
				    int y = int(floor(fragCoord.y));
				    vec4 white = vec4(1.0);
				    vec4 black = vec4(0.0, 0.0, 0.0, 1.0);
				    if (strip && y < %d && x < %d * %d) {
				        return tcStripBit(x / %d, iFrame) ? white : black;
				    }
				    int nominal = iFrame > 0 && iTime > 0.0 ? max(1, int(float(iFrame) / iTime + 0.5)) : 25;
				    int ffDigits = nominal > 100 ? 3 : 2;
				    int length0 = 12 + ffDigits;
				    int columns = max(length0, 14);
				    int u = max(1, int(floor(size * float(h) / 216.0 + 0.5)));
				    int boxW = (%d * columns + %d) * u;
				    int boxH = %d * u;
				    int boxX = tcPlace(position %% 3, w, boxW);
				    int boxY = tcPlace(position / 3, h, boxH);
				    if (strip && position / 3 == 0) boxY = max(boxY, %d);
				    int bx = x - boxX;
				    int by = y - boxY;
				    if (bx < 0 || by < 0 || bx >= boxW || by >= boxH) return vec4(0.0);
				    int tx = bx - %d * u;
				    int ty = by - %d * u;
				    int line = ty >= 0 && ty < %d * u ? 0 : ty >= %d * u && ty < %d * u ? 1 : -1;
				    if (line >= 0 && tx >= 0) {
				        int glyphRow = (ty - line * %d * u) / u;
				        int cell = tx / (%d * u);
				        int glyphCol = (tx - cell * %d * u) / u;
				        int length = line == 0 ? length0 : 14;
				        if (cell < length && glyphCol < %d) {
				            int label = iFrame %% (86400 * nominal);
				            int counter = iFrame;
				            int code = tcGlyph(line, cell, label, nominal, ffDigits, counter);
				            if (((TC_FONT[code * 7 + glyphRow] >> (%d - glyphCol)) & 1) != 0) return white;
				        }
				    }
				    return vec4(0.0, 0.0, 0.0, 0.6);
				}
				""".formatted(FONT.length, FONT.length, font,
				TimecodeKernel.STRIP_DATA, TimecodeKernel.STRIP_MARKER, TimecodeKernel.STRIP_PARITY,
				TimecodeKernel.STRIP_DATA,
				TimecodeKernel.T, TimecodeKernel.C, TimecodeKernel.SPACE, TimecodeKernel.COLON,
				TimecodeKernel.F, TimecodeKernel.R, TimecodeKernel.M, TimecodeKernel.SPACE,
				TimecodeKernel.COUNTER_DIGITS,
				TimecodeKernel.STRIP_BLOCK, TimecodeKernel.STRIP_BLOCKS, TimecodeKernel.STRIP_BLOCK,
				TimecodeKernel.STRIP_BLOCK,
				TimecodeKernel.CELL, 2 * TimecodeKernel.PAD - 1, TimecodeKernel.BOX_UNITS_H,
				TimecodeKernel.STRIP_BLOCK,
				TimecodeKernel.PAD, TimecodeKernel.PAD, TimecodeKernel.GLYPH_H, TimecodeKernel.LINE_PITCH,
				TimecodeKernel.LINE_PITCH + TimecodeKernel.GLYPH_H,
				TimecodeKernel.LINE_PITCH, TimecodeKernel.CELL, TimecodeKernel.CELL, TimecodeKernel.GLYPH_W,
				TimecodeKernel.GLYPH_W - 1);
	}
}
