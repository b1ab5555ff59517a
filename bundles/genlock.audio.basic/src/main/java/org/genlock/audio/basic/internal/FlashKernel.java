package org.genlock.audio.basic.internal;

import java.nio.ByteBuffer;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderContext;
import org.genlock.api.video.Timecode;
import org.genlock.shader.support.Over;

/**
 * The picture half of the lip-sync pattern: opaque white over the whole frame on the display
 * indices {@code i} with {@code i mod P == 0}, {@code P} the channel's nominal rate
 * ({@link Timecode#nominalRate}: 25, 50, 30 at 29.97, 60 at 59.94), transparent on every
 * other frame. These are the frames whose audio carries the {@code sync} source's burst (see
 * {@link SyncKernel}), so a recording shows both on the same frame. The GLSL fragment
 * computes the same set from {@code iFrame}, {@code iFrameHigh} and {@code iTimecodeRate}.
 */
final class FlashKernel implements CpuKernel {

	static final int WHITE = 0xFFFFFFFF;

	/** Whether display index {@code index} is a flash frame at a nominal rate. */
	static boolean flashes(long index, int nominalRate) {
		return Math.floorMod(index, nominalRate) == 0;
	}

	@Override
	public void render(FrameBuffer target, int y0, int y1, ShaderContext context, ParameterValues values) {
		if (!flashes(context.displayIndex(), Timecode.nominalRate(context.format().frameRate()))) {
			return;
		}
		int opacity = Over.opacity8(context.opacity());
		if (opacity == 0) {
			return;
		}
		ByteBuffer px = target.pixels();
		int stride = target.rowBytes();
		int w = target.format().width();
		for (int y = y0; y < y1; y++) {
			Over.fill(px, y * stride, 0, w, WHITE, opacity);
		}
	}

	static final String GLSL = """
			// White on the frames whose display index is a multiple of the nominal rate (the
			// sync audio burst's frames), transparent on all others; the CPU kernel's rule.
			bool flashFrame() {
			#ifdef GENLOCK_TIMECODE
			    // (iFrameHigh * 2^31 + iFrame) mod p without 64-bit integers
			    int p = max(iTimecodeRate, 1);
			    int twoPow31 = ((1 << 30) % p) * 2 % p;
			    return ((iFrameHigh % p) * twoPow31 + iFrame % p) % p == 0;
			#else
			    // a renderer without the Genlock uniforms: the rate from the frame time
			    if (iFrame == 0) return true;
			    int p = max(int(floor(float(iFrame) / iTime + 0.5)), 1);
			    return iFrame % p == 0;
			#endif
			}

			vec4 mainImage(vec2 fragCoord) {
			    return flashFrame() ? vec4(1.0) : vec4(0.0);
			}
			""";
}
