package org.genlock.api.control;

import java.util.List;
import java.util.Optional;

import org.genlock.api.backend.PreviewFrame;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Operates the channels of a Genlock instance. Registered once by the control bundle;
 * called by the Web Console plugin, the HTTP API, the Gogo shell and future control
 * protocols, so they all validate and persist the same way.
 *
 * <p>Changes are validated completely before anything is touched; a rejected request throws
 * {@link ControlException} and changes nothing. Selections and programs are persisted in the
 * channel's {@code genlock.channel} configuration through Configuration Admin (the backend
 * applies them at a frame boundary, a moment after the call returns, without restarting the
 * channel); start and stop act on the running channel only.
 *
 * <p>Implemented by the control bundle ({@code @ProviderType}: methods may be added in minor
 * versions). Thread-safe; never called on the hot path.
 */
@ProviderType
public interface ChannelControl {

	/**
	 * Returns the ids of the channels, sorted.
	 *
	 * @return an immutable list
	 */
	List<String> channelIds();

	/**
	 * Describes one channel.
	 *
	 * @param channelId the channel
	 * @return the view
	 * @throws ControlException {@code UNKNOWN_CHANNEL}, naming the known channels
	 */
	ChannelView channel(String channelId) throws ControlException;

	/**
	 * Lists the registered providers of one kind, sorted by id.
	 *
	 * @param kind the kind
	 * @return an immutable list
	 */
	List<ProviderView> providers(ProviderKind kind);

	/**
	 * Selects the provider of a kind for a channel by persisting the target filter
	 * {@code (<idProperty>=<providerId>)}.
	 *
	 * @param channelId  the channel
	 * @param kind       device, renderer, policy or strategy
	 * @param providerId a registered provider's id
	 * @throws ControlException {@code UNKNOWN_CHANNEL}; {@code INVALID} for a kind that is not
	 *                          selectable; {@code UNKNOWN_PROVIDER} naming the registered ids;
	 *                          {@code UNAVAILABLE} when the configuration cannot be written
	 */
	void select(String channelId, ProviderKind kind, String providerId) throws ControlException;

	/**
	 * Replaces a channel's program, checked against the syntax of
	 * {@link org.genlock.api.render.Program#parse(String)}, the registered shaders and each
	 * shader's declared parameters and ranges.
	 *
	 * @param channelId the channel
	 * @param program   the program text; blank for no layers
	 * @return the canonical text that was persisted
	 * @throws ControlException {@code UNKNOWN_CHANNEL}; {@code INVALID} naming the column, the
	 *                          unknown shader or parameter, or the value out of range;
	 *                          {@code UNAVAILABLE} when the configuration cannot be written
	 */
	String program(String channelId, String program) throws ControlException;

	/**
	 * Asks a channel to go on air (see {@link org.genlock.api.backend.VideoBackend#start()}).
	 *
	 * @param channelId the channel
	 * @throws ControlException {@code UNKNOWN_CHANNEL}
	 */
	void start(String channelId) throws ControlException;

	/**
	 * Asks a channel to go off air (see {@link org.genlock.api.backend.VideoBackend#stop()}).
	 *
	 * @param channelId the channel
	 * @throws ControlException {@code UNKNOWN_CHANNEL}
	 */
	void stop(String channelId) throws ControlException;

	/**
	 * Samples the next frame that airs (see
	 * {@link org.genlock.api.backend.VideoBackend#preview(int, int, long)}).
	 *
	 * @param channelId the channel
	 * @param maxWidth  the widest picture wanted, 1..1920
	 * @param maxHeight the tallest picture wanted, 1..1080
	 * @return the picture, or empty if the channel is not on air
	 * @throws ControlException {@code UNKNOWN_CHANNEL}; {@code INVALID} for a size out of range
	 * @throws InterruptedException if interrupted while waiting for the frame
	 */
	Optional<PreviewFrame> preview(String channelId, int maxWidth, int maxHeight)
			throws ControlException, InterruptedException;
}
