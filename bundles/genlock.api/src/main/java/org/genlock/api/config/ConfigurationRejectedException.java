package org.genlock.api.config;

import java.util.List;

/**
 * A change given to the {@link ConfigurationWriter} was refused; nothing was written. The
 * message names the configuration, each refused key and value and what is allowed, fit to
 * show an operator as is.
 */
public class ConfigurationRejectedException extends Exception {

	private static final long serialVersionUID = 1L;

	private final transient List<ConfigurationProblem> problems;

	/**
	 * Creates the exception.
	 *
	 * @param message  what was refused and why
	 * @param problems the problems; copied
	 */
	public ConfigurationRejectedException(String message, List<ConfigurationProblem> problems) {
		super(message);
		this.problems = problems == null ? List.of() : List.copyOf(problems);
	}

	/**
	 * Returns the problems.
	 *
	 * @return an immutable list, empty when the configuration could not be written for another
	 *         reason (it does not exist, its file is read-only)
	 */
	public List<ConfigurationProblem> problems() {
		return problems;
	}
}
