package org.genlock.api.deploy;

import java.util.List;

/**
 * One bundle as the deployment sees it.
 *
 * @param symbolicName the bundle symbolic name
 * @param bundleId     the framework's bundle id (kept across updates and rollbacks)
 * @param version      the running version
 * @param state        the bundle state: {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}, ...
 * @param source       where it came from: {@code deploy/<file>} or {@code distribution}
 * @param kept         the versions kept to go back to or forward to, newest first (the running
 *                     one included once it is kept)
 * @param previous     the version {@link BundleDeployment#rollback(String)} restores, or null
 */
public record DeployedBundle(String symbolicName, long bundleId, String version, String state, String source,
		List<String> kept, String previous) {

	/** Copies {@code kept}. */
	public DeployedBundle {
		kept = kept == null ? List.of() : List.copyOf(kept);
	}
}
