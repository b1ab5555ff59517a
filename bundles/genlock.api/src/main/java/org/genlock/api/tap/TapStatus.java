package org.genlock.api.tap;

import java.util.Objects;

/**
 * One tap of a channel as the console, the JSON API and {@code /metrics} show it.
 *
 * @param tapId     the tap's {@value FrameTap#ID}
 * @param state     {@code opening}, {@code idle} (nothing aired yet), the session's own
 *                  {@link TapSession#state() state}, or {@code failed: <reason>} when it could
 *                  not be opened
 * @param delivered frames handed to the session
 * @param dropped   aired frames the tap missed because its ring was full (it was slower than
 *                  the channel) or the copy thread was still busy
 * @param errors    exceptions thrown by the tap's {@code open} or {@code frame}
 * @param lastError the last of those, or {@code null}
 */
public record TapStatus(String tapId, String state, long delivered, long dropped, long errors, String lastError) {

	/** Validates. */
	public TapStatus {
		Objects.requireNonNull(tapId, "tapId");
		Objects.requireNonNull(state, "state");
		if (delivered < 0 || dropped < 0 || errors < 0) {
			throw new IllegalArgumentException("counters must be >= 0");
		}
	}
}
