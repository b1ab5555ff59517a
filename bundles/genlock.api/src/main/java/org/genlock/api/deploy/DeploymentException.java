package org.genlock.api.deploy;

import java.util.List;

/**
 * A deployment request was rejected or failed; the running version stays (or was restored).
 * The message names the bundle, the versions and what was wrong, fit to show an operator as is.
 */
public class DeploymentException extends Exception {

	private static final long serialVersionUID = 1L;

	/** Why a request was rejected; an HTTP front end maps these to status codes. */
	public enum Reason {
		/** No Genlock or deployed bundle has the symbolic name (HTTP 404). */
		UNKNOWN_BUNDLE,
		/** No version to go to is kept or found (HTTP 409). */
		NOTHING_KEPT,
		/** The version to go to cannot resolve in the running framework (HTTP 409). */
		REFUSED,
		/** The framework refused the change; the previous version runs again (HTTP 500). */
		FAILED,
		/** The deployment cannot act now, e.g. its storage is not writable (HTTP 503). */
		UNAVAILABLE
	}

	private final Reason reason;
	private final List<String> allowed;

	/**
	 * Creates the exception.
	 *
	 * @param reason  why
	 * @param message what was wrong and what is allowed
	 * @param allowed the allowed values where they are a short list, else empty
	 */
	public DeploymentException(Reason reason, String message, List<String> allowed) {
		super(message);
		this.reason = reason == null ? Reason.FAILED : reason;
		this.allowed = allowed == null ? List.of() : List.copyOf(allowed);
	}

	/**
	 * Creates the exception with no list of allowed values.
	 *
	 * @param reason  why
	 * @param message what was wrong
	 */
	public DeploymentException(Reason reason, String message) {
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
	 * Returns the allowed values, if a short list.
	 *
	 * @return an immutable list, possibly empty
	 */
	public List<String> allowed() {
		return allowed;
	}
}
