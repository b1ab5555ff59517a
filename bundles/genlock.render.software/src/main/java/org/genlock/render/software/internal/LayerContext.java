package org.genlock.render.software.internal;

import org.genlock.api.shader.ShaderContext;
import org.genlock.api.video.VideoFormat;

/**
 * One layer's {@link ShaderContext}: the layer's opacity plus the current frame's values,
 * read from the session's {@link FrameState}. Built once per program change.
 */
final class LayerContext implements ShaderContext {

	/** Per-frame values shared by every layer; written by the producer before each hand-off. */
	static final class FrameState {
		VideoFormat format;
		long displayIndex;
		long frameTimeNanos;
		long timecodeFrames;
		boolean dropFrame;
	}

	private final FrameState frame;
	private final float opacity;

	LayerContext(FrameState frame, float opacity) {
		this.frame = frame;
		this.opacity = opacity;
	}

	@Override
	public long displayIndex() {
		return frame.displayIndex;
	}

	@Override
	public long frameTimeNanos() {
		return frame.frameTimeNanos;
	}

	@Override
	public VideoFormat format() {
		return frame.format;
	}

	@Override
	public long timecodeFrames() {
		return frame.timecodeFrames;
	}

	@Override
	public boolean dropFrame() {
		return frame.dropFrame;
	}

	@Override
	public float opacity() {
		return opacity;
	}
}
