package org.genlock.api.deploy;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates and rolls back bundles live. Registered once by the deploy bundle, which
 * also watches the {@code deploy/} folder; called by the Web Console plugin, the HTTP API, the
 * Gogo shell and the Web Console's own <em>Update</em>.
 *
 * <p>Every version of a Genlock bundle or a deployed bundle that ran is kept (under
 * {@code .genlock/bundles/<bsn>/<version>.jar}, readable by its owner only), so that an update
 * can be undone. A change is checked before anything is touched: a jar whose requirements the
 * running framework cannot meet (a missing package, a package outside its import range) is
 * refused with {@link DeploymentException} and the running version stays. A change swaps the
 * bundle in place (same bundle id, stopped, revised, started): what the bundle provides is
 * swapped at the next frame like any provider update.
 *
 * <p>Implemented by the deploy bundle ({@code @ProviderType}: methods may be added in minor
 * versions). Thread-safe; changes are carried out one at a time; never called on the hot path.
 */
@ProviderType
public interface BundleDeployment {

	/**
	 * Lists the Genlock bundles ({@code genlock.*}) and every bundle installed from
	 * {@code deploy/}, sorted by symbolic name.
	 *
	 * @return an immutable list
	 */
	List<DeployedBundle> bundles();

	/**
	 * Describes one bundle.
	 *
	 * @param symbolicName the bundle's symbolic name
	 * @return the view
	 * @throws DeploymentException {@code UNKNOWN_BUNDLE}, naming the known bundles
	 */
	DeployedBundle bundle(String symbolicName) throws DeploymentException;

	/**
	 * Restores the version that ran before the current one, live.
	 *
	 * @param symbolicName the bundle's symbolic name
	 * @return what changed
	 * @throws DeploymentException {@code UNKNOWN_BUNDLE}; {@code NOTHING_KEPT} when no other
	 *                             version is kept; {@code REFUSED} when the kept version cannot
	 *                             resolve now (naming the requirement); {@code FAILED} when the
	 *                             framework refused the update (the running version is restored)
	 */
	Change rollback(String symbolicName) throws DeploymentException;

	/**
	 * Updates a bundle to the newest version found for it in {@code deploy/} or among the kept
	 * versions, when that is newer than the running one, live.
	 *
	 * @param symbolicName the bundle's symbolic name
	 * @return what changed
	 * @throws DeploymentException {@code UNKNOWN_BUNDLE}; {@code NOTHING_KEPT} when no newer
	 *                             version is there, naming where it looked; {@code REFUSED} and
	 *                             {@code FAILED} as for {@link #rollback(String)}
	 */
	Change update(String symbolicName) throws DeploymentException;
}
