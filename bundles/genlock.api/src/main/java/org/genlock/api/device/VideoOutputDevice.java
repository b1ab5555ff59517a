package org.genlock.api.device;

import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One physical or virtual video output (a DeckLink sub-device, a software clock, an encoder
 * feeding ffmpeg), registered as a service by a device bundle.
 *
 * <p>Implemented by device bundles ({@code @ConsumerType}: every device implements it, so
 * adding a method is a major change); used by the backend.
 */
@ConsumerType
public interface VideoOutputDevice {

	/**
	 * Describes the device. Cheap, thread-safe, never blocks.
	 *
	 * @return the device description; the same value for the life of the service
	 */
	DeviceInfo info();

	/**
	 * Opens an output session for one format. Called by the backend on its control thread;
	 * may block while the hardware is configured.
	 *
	 * <p>A device serves at most one open session at a time unless its documentation says
	 * otherwise; a second {@code open} while one is open fails with a
	 * {@link DeviceException}. The session is independent of the {@code VideoOutputDevice}
	 * service object that opened it: it stays valid until closed even if the caller that
	 * opened it goes away, so it can be handed over to a new backend instance.
	 *
	 * @param format   the format, one of {@link DeviceInfo#supportedFormats()}
	 * @param listener receives completions on the device's thread; may later be replaced
	 *                 with {@link OutputSession#setListener(OutputListener)}
	 * @return the open session, not yet playing
	 * @throws DeviceException if the device is busy, gone, or cannot output the format
	 */
	OutputSession open(VideoFormat format, OutputListener listener) throws DeviceException;

	/**
	 * Opens the device in a format with embedded audio of {@code audioChannels} channels
	 * (48 kHz, see {@link org.genlock.api.frame.AudioBuffer}); the frames scheduled then
	 * carry that many channels in {@link org.genlock.api.frame.FrameBuffer#audio()}. A device
	 * that carries fewer (or no) audio channels opens anyway and says what it carries in
	 * {@link OutputSession#audioChannels()}: the picture never depends on the sound. The
	 * default ignores the audio and calls {@link #open(VideoFormat, OutputListener)}.
	 *
	 * @param format        one of the formats the device advertises
	 * @param audioChannels audio channels the channel carries, 0 or 2..16
	 * @param listener      receives completions and session events
	 * @return the open session, not yet playing
	 * @throws DeviceException if the device cannot open in this format
	 * @since 1.2
	 */
	default OutputSession open(VideoFormat format, int audioChannels, OutputListener listener) throws DeviceException {
		return open(format, listener);
	}
}
