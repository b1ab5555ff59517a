package org.genlock.api.config;

import java.util.Map;

/**
 * A configuration about to be delivered to its component (or about to be written), as a
 * {@link ConfigurationCheck} sees it. Immutable.
 *
 * @param pid        the configuration's PID, e.g. {@code genlock.channel~ch1}
 * @param factoryPid the factory PID, e.g. {@code genlock.channel}, or {@code null} for a
 *                   singleton configuration
 * @param origin     where it comes from as an operator would name it, e.g.
 *                   {@code configs/genlock.channel-ch1.cfg}, or {@code null} when it exists
 *                   only in Configuration Admin
 * @param properties the values about to be delivered, after the per-value Metatype and
 *                   filter checks; copied, unmodifiable
 * @param previous   the values the component received last (what stays in force if this
 *                   candidate is refused), empty when there are none; copied, unmodifiable
 */
public record ConfigurationCandidate(String pid, String factoryPid, String origin, Map<String, Object> properties,
		Map<String, Object> previous) {

	/**
	 * Validates and copies.
	 *
	 * @param pid        the PID; not blank
	 * @param factoryPid the factory PID or {@code null}
	 * @param origin     the file or {@code null}
	 * @param properties the values; not null, no null keys or values
	 * @param previous   the previous values; {@code null} means none
	 * @throws IllegalArgumentException if the PID is blank or the properties are null
	 */
	public ConfigurationCandidate {
		if (pid == null || pid.isBlank()) {
			throw new IllegalArgumentException("ConfigurationCandidate: the PID must not be blank");
		}
		if (properties == null) {
			throw new IllegalArgumentException("ConfigurationCandidate " + pid + ": properties must not be null");
		}
		properties = Map.copyOf(properties);
		previous = previous == null ? Map.of() : Map.copyOf(previous);
	}

	/**
	 * Returns one value as text.
	 *
	 * @param key the key
	 * @return the value's text, stripped, or {@code null} when absent (a multi-valued
	 *         value is its first element)
	 */
	public String text(String key) {
		return text(properties, key);
	}

	/**
	 * Returns one previous value as text.
	 *
	 * @param key the key
	 * @return the value's text, stripped, or {@code null} when absent
	 */
	public String previousText(String key) {
		return text(previous, key);
	}

	private static String text(Map<String, Object> map, String key) {
		Object v = map.get(key);
		if (v instanceof Object[] a) {
			v = a.length == 0 ? null : a[0];
		} else if (v instanceof java.util.Collection<?> c) {
			v = c.isEmpty() ? null : c.iterator().next();
		}
		return v == null ? null : v.toString().strip();
	}
}
