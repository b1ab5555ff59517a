package org.genlock.policy.support;

import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigCheck;
import org.genlock.support.ConfigRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a configurable playout policy: holds the validated configuration (one
 * volatile, swapped whole) and runs the shared {@link Recovery}. A policy bundle's component
 * extends it and adds only its id, its Metatype and its defaults.
 *
 * <p>Thread-safe: {@link #onCompletion} may run on several channels' completion workers
 * while the configuration is replaced; each call reads the configuration once.
 */
public abstract class ConfigurablePolicy implements PlayoutPolicy {

	/** The service property channels select a policy by, in {@code policy.target} filters. */
	public static final String ID_PROPERTY = "genlock.policy.id";

	private final Logger log = LoggerFactory.getLogger(getClass());
	private final String pid;
	private volatile PolicyConfiguration configuration;

	/**
	 * Starts on the defaults.
	 *
	 * @param pid      the configuration PID, for messages
	 * @param defaults the defaults, which must be valid
	 * @throws ConfigRejected if the defaults are invalid (a programming error)
	 */
	protected ConfigurablePolicy(String pid, PolicyParameters defaults) {
		this.pid = pid;
		this.configuration = defaults.check(ConfigCheck.of(pid));
	}

	/**
	 * Validates a new configuration completely and swaps it in; if any value is rejected,
	 * logs why at ERROR and keeps the configuration in force (the defaults at activation).
	 *
	 * @param parameters the new configuration
	 * @return whether it was applied
	 */
	protected final boolean configure(PolicyParameters parameters) {
		PolicyConfiguration next;
		try {
			next = parameters.check(ConfigCheck.of(pid));
		} catch (ConfigRejected e) {
			log.error("{}; the previous configuration stays in force", e.getMessage());
			return false;
		}
		configuration = next;
		log.info("Playout policy '{}' ({}): {} at {} fps and above, {}", id(), pid, next.reference(),
				PolicyConfiguration.REFERENCE_FPS, next.tuning());
		return true;
	}

	/**
	 * Returns the configuration in force.
	 *
	 * @return the configuration
	 */
	public final PolicyConfiguration configuration() {
		return configuration;
	}

	@Override
	public final PlayoutSettings settings(VideoFormat format) {
		return configuration.settingsFor(format);
	}

	@Override
	public final void onCompletion(CompletionObservation in, RecoveryDecision out) {
		Recovery.decide(in, out, configuration.tuning());
	}
}
