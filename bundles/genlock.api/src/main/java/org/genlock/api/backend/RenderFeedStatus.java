package org.genlock.api.backend;

import java.time.Instant;

/**
 * How a channel's frames are being rendered: which renderer's frames go to air, which one is
 * on probation before it may, how long a frame takes and how far ahead the channel renders
 * because of it, and the last automatic fallback. Immutable snapshot.
 *
 * <p>The renderer a channel selects (its {@code renderer.target}) goes to air only after it
 * has delivered a frame in time for its display index; until then the previous one keeps
 * airing and the selected one is the <em>candidate</em>. An on-air renderer that delivers
 * nothing for the channel's stall timeout is replaced by the previous one or the configured
 * fallback chain.
 *
 * @param onAirRendererId     the renderer whose frames air now, or {@code null} if none (the
 *                            underrun strategy fills)
 * @param candidateRendererId the renderer waiting to prove it delivers in time, or
 *                            {@code null}
 * @param renderNanos         smoothed time from render request to rendered frame of the
 *                            on-air renderer, or {@code -1} before the first frame
 * @param leadFrames          how many display indices ahead of the next one to schedule the
 *                            channel aims each render, from the measured render time
 * @param fallbackReason      why the last automatic fallback happened, or {@code null} if
 *                            none happened
 * @param fallbackTime        when it happened, or {@code null}
 */
public record RenderFeedStatus(String onAirRendererId, String candidateRendererId, long renderNanos,
		int leadFrames, String fallbackReason, Instant fallbackTime) {

	/** No renderer, nothing measured. */
	public static final RenderFeedStatus NONE = new RenderFeedStatus(null, null, -1, 0, null, null);

	/**
	 * Validates.
	 *
	 * @param onAirRendererId the renderer whose frames air now, or {@code null}
	 * @param candidateRendererId the renderer on probation, or {@code null}
	 * @param renderNanos smoothed render time, or {@code -1} before the first frame
	 * @param leadFrames display indices the channel renders ahead, {@code >= 0}
	 * @param fallbackReason why the last automatic fallback happened, or {@code null}
	 * @param fallbackTime when it happened, or {@code null}
	 * @throws IllegalArgumentException if {@code renderNanos < -1} or {@code leadFrames < 0}
	 */
	public RenderFeedStatus {
		if (renderNanos < -1 || leadFrames < 0) {
			throw new IllegalArgumentException("RenderFeedStatus: renderNanos " + renderNanos + " must be >= -1 and "
					+ "leadFrames " + leadFrames + " >= 0");
		}
	}
}
