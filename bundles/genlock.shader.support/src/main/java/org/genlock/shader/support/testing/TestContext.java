package org.genlock.shader.support.testing;

import org.genlock.api.shader.ShaderContext;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;

/** A mutable {@link ShaderContext} for unit tests. */
public final class TestContext implements ShaderContext {

	private final VideoFormat format;
	private final FrameTime time;
	private long displayIndex;
	private long frameTimeNanos;
	private long timecodeFrames;
	private boolean dropFrame;
	private float opacity = 1f;

	/**
	 * Creates a context at display index 0, opacity 1.
	 *
	 * @param format the format
	 */
	public TestContext(VideoFormat format) {
		this.format = format;
		this.time = format.frameTime();
	}

	/**
	 * Moves to a display index, setting the frame time from the format's rate and the
	 * timecode frames to the same index. Allocation-free, for allocation tests.
	 *
	 * @param index the display index
	 * @return this
	 */
	public TestContext at(long index) {
		this.displayIndex = index;
		this.frameTimeNanos = time.nanosOf(index);
		this.timecodeFrames = index;
		return this;
	}

	/**
	 * Sets the timecode frames independently of the display index.
	 *
	 * @param frames frames since 00:00:00:00
	 * @param drop   drop-frame counting
	 * @return this
	 */
	public TestContext timecode(long frames, boolean drop) {
		this.timecodeFrames = frames;
		this.dropFrame = drop;
		return this;
	}

	/**
	 * Sets the layer opacity.
	 *
	 * @param value 0..1
	 * @return this
	 */
	public TestContext opacity(float value) {
		this.opacity = value;
		return this;
	}

	@Override
	public long displayIndex() {
		return displayIndex;
	}

	@Override
	public long frameTimeNanos() {
		return frameTimeNanos;
	}

	@Override
	public VideoFormat format() {
		return format;
	}

	@Override
	public long timecodeFrames() {
		return timecodeFrames;
	}

	@Override
	public boolean dropFrame() {
		return dropFrame;
	}

	@Override
	public float opacity() {
		return opacity;
	}
}
