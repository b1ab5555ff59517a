package org.genlock.api.config;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks configurations of some PIDs for what a Metatype description cannot express: values
 * that depend on registered services (a shader id, a device's formats) or on other
 * configurations (a channel id used twice). Registered as a service with the property
 * {@link #PIDS} naming the (factory) PIDs it checks; the configuration guard consults every
 * check registered for a configuration before delivering it, and the
 * {@link ConfigurationWriter} before writing it.
 *
 * <p>A problem with a key keeps that key's previous value in force; a problem without a key
 * keeps the whole previous configuration (or, for a first configuration, delivers none of
 * its values, so the component stays unconfigured).
 *
 * <p>Called on Configuration Admin's delivery thread and on writer callers' threads,
 * concurrently for different configurations. An implementation answers from state it already
 * holds, quickly, without blocking and without updating any configuration (that would
 * deadlock the delivery). Implemented by the bundles that own the knowledge
 * ({@code @ConsumerType}).
 */
@ConsumerType
public interface ConfigurationCheck {

	/**
	 * Service property: the PIDs and factory PIDs (String or String[]) this check is for.
	 */
	String PIDS = "genlock.config.pids";

	/**
	 * Checks a configuration.
	 *
	 * @param candidate the configuration about to be delivered or written
	 * @return the problems, empty if it may be delivered as it is; never null
	 */
	List<ConfigurationProblem> check(ConfigurationCandidate candidate);

	/**
	 * Names what a configuration configures, for log lines and error messages, e.g.
	 * {@code "channel ch1"}.
	 *
	 * @param candidate the configuration
	 * @return the name, or {@code null} when the PID says it best
	 */
	default String subject(ConfigurationCandidate candidate) {
		return null;
	}
}
