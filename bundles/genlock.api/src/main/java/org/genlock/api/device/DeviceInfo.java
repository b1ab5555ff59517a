package org.genlock.api.device;

import java.util.List;

import org.genlock.api.video.VideoFormat;

/**
 * What an output device is and can do. Immutable.
 *
 * @param id                a stable identifier, unique among devices, used in configuration
 *                          and {@code .target} filters (e.g. {@code "decklink-0"},
 *                          {@code "clock"}); not blank
 * @param name              a human-readable name; not blank
 * @param supportedFormats  the formats {@link VideoOutputDevice#open} accepts (exact match,
 *                          including pixel format); not empty, copied
 * @param keying            whether the device can output key and fill (uses alpha)
 * @param genlockInput      whether the device can lock its output clock to a reference input
 * @param maxBufferedFrames the most frames the device can hold scheduled at once, {@code >= 1};
 *                          bounds the preroll a playout policy may ask for
 */
public record DeviceInfo(String id, String name, List<VideoFormat> supportedFormats, boolean keying,
		boolean genlockInput, int maxBufferedFrames) {

	/**
	 * Validates and copies.
	 *
	 * @param id a stable identifier, unique among devices, used in configuration and {@code .target} filters (e.g. {@code "decklink-0"}, {@code "clock"}); not blank
	 * @param name a human-readable name; not blank
	 * @param supportedFormats the formats {@link VideoOutputDevice#open} accepts (exact match, including pixel format); not empty, copied
	 * @param keying whether the device can output key and fill (uses alpha)
	 * @param genlockInput whether the device can lock its output clock to a reference input
	 * @param maxBufferedFrames the most frames the device can hold scheduled at once, {@code >= 1}; bounds the preroll a playout policy may ask for
	 * @throws IllegalArgumentException naming the field, the value and the allowed range
	 */
	public DeviceInfo {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("DeviceInfo.id is " + quote(id) + " but must not be blank");
		}
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("DeviceInfo.name of device " + id + " is " + quote(name)
					+ " but must not be blank");
		}
		if (supportedFormats == null || supportedFormats.isEmpty() || hasNull(supportedFormats)) {
			throw new IllegalArgumentException("DeviceInfo.supportedFormats of device " + id + " is "
					+ supportedFormats + " but must be a non-empty list without null elements");
		}
		supportedFormats = List.copyOf(supportedFormats);
		if (maxBufferedFrames < 1) {
			throw new IllegalArgumentException("DeviceInfo.maxBufferedFrames of device " + id + " is "
					+ maxBufferedFrames + " but must be >= 1");
		}
	}

	private static boolean hasNull(List<?> list) {
		for (Object o : list) { // List.of(...).contains(null) throws instead of answering
			if (o == null) {
				return true;
			}
		}
		return false;
	}

	private static String quote(String s) {
		return s == null ? "null" : "\"" + s + "\"";
	}

	/**
	 * Returns whether {@link VideoOutputDevice#open} accepts a format.
	 *
	 * @param format the format
	 * @return {@code true} if it is one of {@link #supportedFormats()}
	 */
	public boolean supports(VideoFormat format) {
		return supportedFormats.contains(format);
	}
}
