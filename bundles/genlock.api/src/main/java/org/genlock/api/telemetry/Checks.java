package org.genlock.api.telemetry;

import java.time.Instant;

/** Shared validation of observation records. Not API: package-private. */
final class Checks {

	private Checks() {}

	static void common(String type, String channelId, Instant time) {
		if (channelId == null || channelId.isBlank()) {
			throw new IllegalArgumentException(type + ".channelId is " + channelId + " but must not be blank");
		}
		if (time == null) {
			throw new IllegalArgumentException(type + " of channel " + channelId + ": time must not be null");
		}
	}

	static void notNull(String type, String channelId, String field, Object value) {
		if (value == null) {
			throw new IllegalArgumentException(type + " of channel " + channelId + ": " + field + " must not be null");
		}
	}
}
