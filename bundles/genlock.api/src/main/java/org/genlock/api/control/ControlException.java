package org.genlock.api.control;

import java.util.List;

/**
 * A control request was rejected; nothing was changed. The message names what was wrong and
 * what is allowed, fit to show an operator as is.
 */
public class ControlException extends Exception {

	private static final long serialVersionUID = 1L;

	/** Why a request was rejected; an HTTP front end maps these to status codes. */
	public enum Reason {
		/** No channel has the id (HTTP 404). */
		UNKNOWN_CHANNEL,
		/** No provider of the kind has the id (HTTP 400). */
		UNKNOWN_PROVIDER,
		/** A value is malformed or out of range (HTTP 400). */
		INVALID,
		/** The request is valid but cannot be carried out now, e.g. Configuration Admin is gone (HTTP 503). */
		UNAVAILABLE
	}

	private final Reason reason;
	private final List<String> allowed;

	/**
	 * Creates the exception.
	 *
	 * @param reason  why the request was rejected
	 * @param message what was wrong and what is allowed
	 * @param allowed the allowed values where they are a short list (ids), else empty
	 */
	public ControlException(Reason reason, String message, List<String> allowed) {
		super(message);
		this.reason = reason == null ? Reason.INVALID : reason;
		this.allowed = allowed == null ? List.of() : List.copyOf(allowed);
	}

	/**
	 * Creates the exception with no list of allowed values.
	 *
	 * @param reason  why the request was rejected
	 * @param message what was wrong and what is allowed
	 */
	public ControlException(Reason reason, String message) {
		this(reason, message, List.of());
	}

	/**
	 * Returns why the request was rejected.
	 *
	 * @return the reason
	 */
	public Reason reason() {
		return reason;
	}

	/**
	 * Returns the allowed values, where they are a short list.
	 *
	 * @return an immutable list, possibly empty
	 */
	public List<String> allowed() {
		return allowed;
	}
}
