package org.genlock.api.render;

import org.genlock.api.video.Timecode;
import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What to render for one display index.
 *
 * <p>Implemented by the backend ({@code @ProviderType}: renderers only read it). It is a
 * single reused object whose values change for every frame, so the per-frame path allocates
 * nothing: it is valid only during {@link RenderSession#render}; a pipelined renderer copies
 * the values it needs before returning. All accessors are cheap and never allocate, except
 * {@link #timecode()}.
 */
@ProviderType
public interface RenderRequest {

	/**
	 * Returns the display index the frame is for.
	 *
	 * @return the display index, {@code >= 0}
	 */
	long displayIndex();

	/**
	 * Returns the channel's format (the target's format).
	 *
	 * @return the format
	 */
	VideoFormat format();

	/**
	 * Returns the presentation time of the frame: exactly
	 * {@code format().frameTime().nanosOf(displayIndex())}, nanoseconds since display index
	 * 0. Shaders derive their time ({@code iTime}) from it, so animation is exact and
	 * repeatable.
	 *
	 * @return nanoseconds since index 0
	 */
	long frameTimeNanos();

	/**
	 * Returns the frame's timecode as a frame index since {@code 00:00:00:00} (the channel's
	 * timecode origin applied). Derive the digits without allocating with
	 * {@link Timecode#labelOf(long, org.genlock.api.video.Rational, boolean)
	 * Timecode.labelOf(timecodeFrames(), format().frameRate(), dropFrame())}.
	 *
	 * @return frames since {@code 00:00:00:00}
	 */
	long timecodeFrames();

	/**
	 * Returns whether the channel counts drop-frame timecode.
	 *
	 * @return {@code true} for drop-frame
	 */
	boolean dropFrame();

	/**
	 * Returns the frame's timecode as a value. Allocates a {@link Timecode}: for logs and
	 * tests, not for the per-frame path (use {@link #timecodeFrames()}).
	 *
	 * @return the timecode
	 */
	default Timecode timecode() {
		return Timecode.fromFrameIndex(timecodeFrames(), format().frameRate(), dropFrame());
	}

	/**
	 * Returns the program to render: immutable and shared across frames until it is swapped.
	 *
	 * @return the program; {@link Program#EMPTY} renders transparent black
	 */
	Program program();

	/**
	 * Returns the generation of {@link #program()}: it changes exactly when the program is
	 * swapped, so a renderer re-resolves parameters and shaders only then (compare a long,
	 * not the program's contents).
	 *
	 * @return the program generation
	 */
	long programGeneration();

	/**
	 * Returns the render budget of this frame as a {@link System#nanoTime()} deadline: the
	 * backend abandons a render still outstanding then (its target stays withdrawn until the
	 * session reports it) and treats the renderer as stalled. A renderer that can stop early
	 * (between layers, between bands) should do so once the deadline has passed and report
	 * the target {@link RenderCompletion#failed failed}; one that cannot simply finishes.
	 * Cheap; never allocates.
	 *
	 * @return the deadline in {@code System.nanoTime()} terms; {@link Long#MAX_VALUE} when
	 *         there is none
	 * @since 1.2
	 */
	default long deadlineNanos() {
		return Long.MAX_VALUE;
	}

	/**
	 * Returns whether the render budget of this frame has run out: {@link #deadlineNanos()}
	 * is set and has passed. For renderers that stop early; cheap, never allocates.
	 *
	 * @return {@code true} once the deadline has passed
	 * @since 1.2
	 */
	default boolean pastDeadline() {
		long deadline = deadlineNanos();
		return deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0;
	}
}
