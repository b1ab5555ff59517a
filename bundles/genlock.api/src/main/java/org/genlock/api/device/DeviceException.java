package org.genlock.api.device;

/**
 * A device could not do what was asked: open a session, start playback. Checked, because a
 * caller must decide what happens to the channel (the backend moves to {@code FAILED}).
 * The message is shown to operators: say which device and what failed.
 */
public class DeviceException extends Exception {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message.
	 *
	 * @param message what failed, for operators
	 */
	public DeviceException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and a cause.
	 *
	 * @param message what failed, for operators
	 * @param cause   the underlying failure
	 */
	public DeviceException(String message, Throwable cause) {
		super(message, cause);
	}
}
