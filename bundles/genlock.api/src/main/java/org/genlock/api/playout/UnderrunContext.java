package org.genlock.api.playout;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The situation at an underrun, the input of {@link UnderrunStrategy#onUnderrun}.
 *
 * <p>Implemented by the backend ({@code @ProviderType}: strategies only read it). A reused
 * object, valid only during the call; accessors never allocate.
 */
@ProviderType
public interface UnderrunContext {

	/**
	 * Returns the display index that needs a frame.
	 *
	 * @return the display index
	 */
	long displayIndex();

	/**
	 * Returns how many consecutive display indices have underrun, including this one.
	 *
	 * @return at least 1
	 */
	int consecutiveUnderruns();

	/**
	 * Returns whether a completed frame exists that {@link UnderrunAction#REPEAT_NEWEST} can
	 * show.
	 *
	 * @return whether repeating the newest is possible
	 */
	boolean hasNewestCompleted();

	/**
	 * Returns whether a previous frame exists that
	 * {@link UnderrunAction#REPEAT_LAST_SCHEDULED} can show.
	 *
	 * @return whether repeating the last scheduled is possible
	 */
	boolean hasLastScheduled();

	/**
	 * Returns whether the output is keyed (alpha used downstream), where a stale or opaque
	 * fill may be worse than {@link UnderrunAction#KEY_SAFE_BLACK}.
	 *
	 * @return whether keying is enabled
	 */
	boolean keyingEnabled();

	/**
	 * Returns whether a slate picture is configured for {@link UnderrunAction#SLATE}.
	 *
	 * @return whether a slate exists
	 */
	boolean slateAvailable();
}
