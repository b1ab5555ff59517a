package org.genlock.api.config;

/**
 * One reason a configuration, or one of its values, is refused. Immutable.
 *
 * @param key    the key whose value is refused, or {@code null} when the configuration is
 *               refused as a whole (incomplete, or in conflict with another configuration)
 * @param value  the refused value, or {@code null} for a missing value or a whole refusal
 * @param reason what is wrong and what would be allowed, fit to show an operator as is
 *               (e.g. {@code "no shader 'zoneplat' is registered; registered: bars, timecode"})
 */
public record ConfigurationProblem(String key, Object value, String reason) {

	/**
	 * Validates.
	 *
	 * @param key    the refused key, or {@code null} for the whole configuration
	 * @param value  the refused value, or {@code null}
	 * @param reason what is wrong and what is allowed; not blank
	 * @throws IllegalArgumentException if the reason is blank or the key is blank but not null
	 */
	public ConfigurationProblem {
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("ConfigurationProblem for key " + key + ": the reason must not be blank");
		}
		if (key != null && key.isBlank()) {
			throw new IllegalArgumentException("ConfigurationProblem: the key is blank; use null for the whole configuration");
		}
	}

	/**
	 * A refused value.
	 *
	 * @param key    the key
	 * @param value  the value
	 * @param reason what is wrong and what is allowed
	 * @return the problem
	 */
	public static ConfigurationProblem of(String key, Object value, String reason) {
		return new ConfigurationProblem(key, value, reason);
	}

	/**
	 * A refusal of the whole configuration.
	 *
	 * @param reason what is wrong and what would make it acceptable
	 * @return the problem
	 */
	public static ConfigurationProblem whole(String reason) {
		return new ConfigurationProblem(null, null, reason);
	}

	/**
	 * Returns whether the whole configuration is refused.
	 *
	 * @return {@code true} if {@link #key()} is {@code null}
	 */
	public boolean isWhole() {
		return key == null;
	}
}
