package org.genlock.api.backend;

import java.time.Instant;

/**
 * A downscaled copy of one frame that went to air, for confidence monitoring (console
 * thumbnail, preview window). Built off the hot path from pixels sampled by the completion
 * worker, so it shows exactly what the device aired (fresh, repeated or fill).
 *
 * <p>The pixel array is owned by the caller after {@link VideoBackend#preview} returns; the
 * record does not copy it, so treat it as read-only when sharing.
 *
 * @param channelId    the channel
 * @param displayIndex the display index the frame aired at
 * @param width        columns, {@code >= 1}
 * @param height       rows, {@code >= 1}
 * @param rgb          {@code width * height} pixels, row-major from the top-left, as
 *                     {@code 0xRRGGBB} (alpha and keying are not shown)
 * @param time         when the frame was sampled
 * @since 1.1
 */
public record PreviewFrame(String channelId, long displayIndex, int width, int height, int[] rgb, Instant time) {

	/**
	 * Validates.
	 *
	 * @param channelId the channel
	 * @param displayIndex the display index the frame aired at
	 * @param width columns, {@code >= 1}
	 * @param height rows, {@code >= 1}
	 * @param rgb {@code width * height} pixels as {@code 0xRRGGBB}
	 * @param time when the frame was sampled
	 * @throws IllegalArgumentException naming the field and the value
	 */
	public PreviewFrame {
		if (width < 1 || height < 1) {
			throw new IllegalArgumentException("PreviewFrame of " + channelId + ": size " + width + "x" + height
					+ " must be at least 1x1");
		}
		if (rgb == null || rgb.length != width * height) {
			throw new IllegalArgumentException("PreviewFrame of " + channelId + ": rgb has "
					+ (rgb == null ? "no" : rgb.length) + " pixels but must have width * height = " + width * height);
		}
		if (time == null) {
			throw new IllegalArgumentException("PreviewFrame of " + channelId + ": time must not be null");
		}
	}
}
