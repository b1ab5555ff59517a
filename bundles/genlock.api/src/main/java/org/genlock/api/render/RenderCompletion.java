package org.genlock.api.render;

import org.genlock.api.frame.FrameBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a render session reports each target it was lent.
 *
 * <p>Implemented by the backend ({@code @ProviderType}: renderers only call it). Callable
 * from any thread; never blocks; {@link #rendered} never allocates.
 */
@ProviderType
public interface RenderCompletion {

	/**
	 * Reports that the target holds the finished frame. Ownership returns to the backend.
	 *
	 * @param target       the frame that was lent in {@link RenderSession#render}
	 * @param displayIndex the display index of the request it was rendered for
	 * @param renderNanos  how long the render took, in nanoseconds (for telemetry)
	 */
	void rendered(FrameBuffer target, long displayIndex, long renderNanos);

	/**
	 * Reports that the target could not be rendered (or was abandoned on close). Ownership
	 * returns to the backend, which treats the display index as an underrun. Rare; may
	 * allocate.
	 *
	 * @param target       the frame that was lent
	 * @param displayIndex the display index of the request
	 * @param reason       why, for operators
	 */
	void failed(FrameBuffer target, long displayIndex, String reason);
}
