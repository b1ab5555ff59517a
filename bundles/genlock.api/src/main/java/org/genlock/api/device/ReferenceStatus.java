package org.genlock.api.device;

/**
 * The state of a device's reference (genlock) input, as the hardware reports it: whether the
 * output clock can lock to a house reference, whether it is locked, and to what.
 *
 * @param supported      whether the device has a reference input
 * @param locked         whether the output is locked to the reference now
 * @param detectedFormat the reference's format as the device names it (e.g. {@code 1080p50},
 *                       {@code 576i50}), or {@code null} when not locked or unknown
 * @since 1.2
 */
public record ReferenceStatus(boolean supported, boolean locked, String detectedFormat) {

	/** A device without a reference input (a virtual clock, a file encoder). */
	public static final ReferenceStatus NOT_SUPPORTED = new ReferenceStatus(false, false, null);

	/**
	 * Validates.
	 *
	 * @param supported whether the device has a reference input
	 * @param locked whether the output is locked to the reference now
	 * @param detectedFormat the reference's format, or {@code null}
	 * @throws IllegalArgumentException if locked without support, or blank format
	 */
	public ReferenceStatus {
		if (locked && !supported) {
			throw new IllegalArgumentException("ReferenceStatus: locked is true but supported is false; a device "
					+ "without a reference input cannot be locked to one");
		}
		if (detectedFormat != null && detectedFormat.isBlank()) {
			throw new IllegalArgumentException("ReferenceStatus.detectedFormat is blank; use null for unknown");
		}
	}

	/**
	 * Returns a short text for logs and status pages.
	 *
	 * @return {@code none}, {@code unlocked}, {@code locked} or {@code locked (1080p50)}
	 */
	public String text() {
		if (!supported) {
			return "none";
		}
		if (!locked) {
			return "unlocked";
		}
		return detectedFormat == null ? "locked" : "locked (" + detectedFormat + ")";
	}
}
