package org.genlock.api.render;

import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Produces frames for channels, registered as a service by a renderer bundle (software, GL).
 *
 * <p>Implemented by renderer bundles ({@code @ConsumerType}: every renderer implements it,
 * so adding a method is a major change); used by the backend.
 */
@ConsumerType
public interface Renderer {

	/**
	 * Describes the renderer. Cheap, thread-safe, never blocks.
	 *
	 * @return the description; the same value for the life of the service
	 */
	RendererInfo info();

	/**
	 * Opens a session for one channel. Called by the backend on its control thread, off the
	 * hot path; may block and allocate (contexts, shader compilation, worker threads).
	 *
	 * @param format the channel's format
	 * @return the session
	 * @throws RenderException if the renderer cannot render that format now
	 */
	RenderSession open(VideoFormat format) throws RenderException;
}
