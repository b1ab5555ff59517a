package org.genlock.config.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.genlock.api.config.ConfigurationCandidate;
import org.genlock.api.config.ConfigurationCheck;
import org.genlock.api.config.ConfigurationProblem;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * Decides what of a configuration reaches its component: every value against its Metatype
 * attribute, every DS {@code .target} as an LDAP filter, then the registered
 * {@link ConfigurationCheck}s. A refused value is replaced by its previous value (or removed,
 * so the component's default applies); a configuration refused as a whole is replaced by the
 * whole previous one (or by none of its values). Pure apart from the checks it is given.
 */
final class Review {

	/** Keys that identify a configuration rather than configure anything: never checked or replaced. */
	static final Set<String> IDENTITY = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
			org.genlock.support.ConfigOrigin.FILEINSTALL_FILENAME);

	/**
	 * One refusal and what stays in force instead.
	 *
	 * @param problem the refusal
	 * @param kept    the previous value that stays, or null (default, or nothing for a whole refusal)
	 */
	record Finding(ConfigurationProblem problem, Object kept) {
	}

	/**
	 * @param delivered     what the component receives
	 * @param findings      the refusals, in the order found
	 * @param wholeRejected whether the whole configuration was refused
	 * @param subject       what the configuration configures (e.g. "channel ch1"), or null
	 */
	record Outcome(Map<String, Object> delivered, List<Finding> findings, boolean wholeRejected, String subject) {
	}

	private Review() {
	}

	static Outcome review(String pid, String factoryPid, String origin, Map<String, Object> proposed,
			Map<String, Object> previous, Receiver receiver, List<ConfigurationCheck> checks) {
		Map<String, Object> result = new LinkedHashMap<>(proposed);
		List<Finding> findings = new ArrayList<>();
		for (Map.Entry<String, Object> e : proposed.entrySet()) {
			if (IDENTITY.contains(e.getKey())) {
				continue;
			}
			ValueChecker.Attribute attribute = receiver.attribute(e.getKey());
			String problem = attribute == null ? null : ValueChecker.check(attribute, e.getValue());
			if (problem == null && receiver.targetKeys().contains(e.getKey())) {
				problem = filterProblem(e.getKey(), e.getValue());
			}
			if (problem != null) {
				findings.add(keep(result, previous, ConfigurationProblem.of(e.getKey(), e.getValue(), problem)));
			}
		}
		ConfigurationCandidate candidate = new ConfigurationCandidate(pid, factoryPid, origin, result, previous);
		String subject = null;
		List<ConfigurationProblem> whole = new ArrayList<>();
		for (ConfigurationCheck check : checks) {
			List<ConfigurationProblem> problems;
			try {
				problems = check.check(candidate);
				if (subject == null) {
					subject = check.subject(candidate);
				}
			} catch (RuntimeException e) {
				// a failing check is its provider's bug; the configuration is not to blame
				org.slf4j.LoggerFactory.getLogger(Review.class).warn("configuration check {} failed on {}", check, pid, e);
				continue;
			}
			for (ConfigurationProblem p : problems == null ? List.<ConfigurationProblem>of() : problems) {
				if (p.isWhole()) {
					whole.add(p);
				} else if (!IDENTITY.contains(p.key())) {
					findings.add(keep(result, previous, p));
				}
			}
		}
		if (!whole.isEmpty()) {
			Map<String, Object> kept = new LinkedHashMap<>();
			for (String key : IDENTITY) {
				if (proposed.containsKey(key)) {
					kept.put(key, proposed.get(key));
				}
			}
			previous.forEach((k, v) -> {
				if (!IDENTITY.contains(k)) {
					kept.put(k, v);
				}
			});
			for (ConfigurationProblem p : whole) {
				findings.add(new Finding(p, null));
			}
			return new Outcome(kept, findings, true, subject);
		}
		return new Outcome(result, findings, false, subject);
	}

	/** Puts the previous value of the refused key back (or removes the key). */
	private static Finding keep(Map<String, Object> result, Map<String, Object> previous, ConfigurationProblem p) {
		Object before = previous.get(p.key());
		if (before != null) {
			result.put(p.key(), before);
		} else {
			result.remove(p.key());
		}
		return new Finding(p, before);
	}

	/** Null if {@code value} is one LDAP filter, else what is wrong. */
	static String filterProblem(String key, Object value) {
		if (!(value instanceof String s)) {
			return "a single LDAP filter is expected for a reference target, got " + describe(value);
		}
		try {
			FrameworkUtil.createFilter(s);
			return null;
		} catch (InvalidSyntaxException e) {
			return "'" + s + "' is not a valid LDAP filter (" + e.getMessage() + "); a reference target is a filter "
					+ "such as (name=value), e.g. (genlock.policy.id=standard)";
		}
	}

	/** A value as the log shows it: passwords masked, arrays listed. */
	static Object display(Receiver receiver, String key, Object value) {
		ValueChecker.Attribute a = key == null ? null : receiver.attribute(key);
		if (a != null && a.type() == AttributeDefinition.PASSWORD) {
			return "********";
		}
		return describe(value);
	}

	/** Longest value a log line shows in full. */
	static final int SHOWN = 200;

	private static Object describe(Object value) {
		if (value instanceof String s && s.length() > SHOWN) {
			return s.substring(0, SHOWN) + "... (" + s.length() + " characters)";
		}
		if (value != null && value.getClass().isArray()) {
			StringBuilder sb = new StringBuilder("[");
			for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
				sb.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(value, i));
			}
			return sb.append(']');
		}
		return value;
	}
}
