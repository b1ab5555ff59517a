package org.genlock.api.tap;

import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An output that receives a channel's aired frames besides its device: registered as a
 * service with the {@value #ID} property, selected by a channel's {@code taps.target} filter
 * (e.g. {@code (genlock.tap.id=srt1)} or {@code (|(genlock.tap.id=srt1)(genlock.tap.id=rec))}),
 * bound and unbound live. One tap service may feed several channels, one session each.
 *
 * <p>Implemented by output bundles ({@code @ConsumerType}).
 */
@ConsumerType
public interface FrameTap {

	/** Service property: the tap's id, 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'. */
	String ID = "genlock.tap.id";
	/** Optional service property: frames the backend buffers for this tap, 1..64 (default 4). */
	String BUFFER_FRAMES = "genlock.tap.buffer.frames";

	/**
	 * Opens a session for one channel and format. Called on the tap's thread when the first
	 * frame of that format aired; the session is closed when the format changes, the channel
	 * goes away or the tap is unselected. May block and allocate.
	 *
	 * @param channelId the channel
	 * @param format    the format of every frame the session will get
	 * @return the session
	 * @throws Exception with a message naming what is wrong; the backend shows it as the tap's
	 *                   state and tries again a few seconds later
	 */
	TapSession open(String channelId, VideoFormat format) throws Exception;

	/**
	 * Opens a session for a channel that carries {@code audioChannels} channels of audio in
	 * every frame's {@link org.genlock.api.frame.FrameBuffer#audio()} (48 kHz int32, see
	 * {@link org.genlock.api.frame.AudioBuffer}). The default ignores the audio and calls
	 * {@link #open(String, VideoFormat)}. Same threads and rules as that method.
	 *
	 * @param channelId     the channel's id
	 * @param format        the channel's format
	 * @param audioChannels audio channels in every frame, 0 or 2..16
	 * @return the session
	 * @throws Exception if the tap cannot open (the backend reports it and retries later)
	 * @since 1.0
	 */
	default TapSession open(String channelId, VideoFormat format, int audioChannels) throws Exception {
		return open(channelId, format);
	}
}
