package org.genlock.api.shader;

import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Per-frame, per-layer inputs of a {@link CpuKernel}.
 *
 * <p>Implemented by the renderer ({@code @ProviderType}: kernels only read it). A reused
 * object: valid only during {@link CpuKernel#render}, unchanged while the kernel runs (the
 * same instance is read by all workers of one layer). Accessors never allocate.
 */
@ProviderType
public interface ShaderContext {

	/**
	 * Returns the display index of the frame.
	 *
	 * @return the display index
	 */
	long displayIndex();

	/**
	 * Returns the exact presentation time of the frame, nanoseconds since display index 0.
	 *
	 * @return the frame time
	 */
	long frameTimeNanos();

	/**
	 * Returns the frame time in seconds, the CPU equivalent of the GLSL {@code iTime}.
	 *
	 * @return {@code frameTimeNanos() / 1e9}
	 */
	default double timeSeconds() {
		return frameTimeNanos() / 1e9;
	}

	/**
	 * Returns the channel's format.
	 *
	 * @return the format
	 */
	VideoFormat format();

	/**
	 * Returns the frame's timecode as frames since {@code 00:00:00:00}; see
	 * {@link org.genlock.api.video.Timecode#labelOf} for the digits.
	 *
	 * @return the timecode frame index
	 */
	long timecodeFrames();

	/**
	 * Returns whether the channel counts drop-frame timecode.
	 *
	 * @return {@code true} for drop-frame
	 */
	boolean dropFrame();

	/**
	 * Returns the layer's opacity, which the kernel multiplies into its output.
	 *
	 * @return 0..1
	 */
	float opacity();
}
