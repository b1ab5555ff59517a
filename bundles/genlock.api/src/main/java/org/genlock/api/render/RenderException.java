package org.genlock.api.render;

/**
 * A renderer could not open a session (no GL context, format not supported). Checked, so
 * the backend decides what fills the channel meanwhile (the underrun strategy). The message
 * is shown to operators.
 */
public class RenderException extends Exception {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message.
	 *
	 * @param message what failed, for operators
	 */
	public RenderException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and a cause.
	 *
	 * @param message what failed, for operators
	 * @param cause   the underlying failure
	 */
	public RenderException(String message, Throwable cause) {
		super(message, cause);
	}
}
