package org.genlock.api.shader;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.PixelFormat;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The CPU implementation of a shader, run by the software renderer.
 *
 * <p>Implemented by shader bundles ({@code @ConsumerType}: every kernel implements it).
 *
 * <h2>Threads</h2> The renderer splits a frame into horizontal bands and calls
 * {@link #render} for them from several worker threads concurrently, with disjoint row
 * ranges of the same target. A kernel must therefore be stateless or keep per-call state on
 * the stack; it must not allocate, block or write outside its rows.
 */
@ConsumerType
public interface CpuKernel {

	/**
	 * Returns whether the kernel can write a pixel format. The software renderer only hands
	 * a kernel targets in a supported format.
	 *
	 * @param format the target's pixel format
	 * @return {@code true} by default for {@link PixelFormat#BGRA8} only
	 */
	default boolean supports(PixelFormat format) {
		return format == PixelFormat.BGRA8;
	}

	/**
	 * Returns whether {@link #render} at {@link ShaderContext#opacity() opacity} 1 writes
	 * every pixel of its rows with a fully opaque colour, whatever the rows held before. The
	 * software renderer then neither clears the frame nor renders the layers below such a
	 * layer (occlusion culling, as a compositor does for opaque surfaces): for a full-frame
	 * pattern at the bottom of a program this saves a write of the whole frame.
	 *
	 * <p>Called off the per-frame path, when the renderer resolves a program; the answer
	 * must not change for the same values.
	 *
	 * @param values the layer's resolved parameter values
	 * @return {@code false} by default: the renderer clears and composites as usual
	 * @since 1.1
	 */
	default boolean opaque(ParameterValues values) {
		return false;
	}

	/**
	 * Composites this shader's premultiplied output, multiplied by
	 * {@link ShaderContext#opacity()}, "over" the existing contents of rows
	 * {@code [y0, y1)} of the target: {@code dst = src + dst * (1 - src.alpha)}. Row 0 is the
	 * top line. Must not allocate or block; may run concurrently with calls for other rows.
	 *
	 * @param target  the frame, lent for the duration of the call (see
	 *                {@link FrameBuffer#pixels()} for access rules)
	 * @param y0      the first row, inclusive
	 * @param y1      the last row, exclusive; {@code 0 <= y0 < y1 <= height}
	 * @param context frame time and format; valid only during the call
	 * @param values  the layer's resolved parameter values
	 */
	void render(FrameBuffer target, int y0, int y1, ShaderContext context, ParameterValues values);
}
