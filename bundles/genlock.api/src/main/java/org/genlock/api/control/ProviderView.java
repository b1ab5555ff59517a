package org.genlock.api.control;

/**
 * A registered provider (device, renderer, policy, strategy or shader) and the bundle that
 * registered it. Immutable.
 *
 * @param kind          what it provides
 * @param id            its id (the value of {@link ProviderKind#idProperty()})
 * @param name          a human-readable name, or the id when it has none
 * @param bundle        the registering bundle's symbolic name
 * @param bundleVersion the registering bundle's version
 * @param bundleId      the registering bundle's id
 * @param serviceId     the service id
 */
public record ProviderView(ProviderKind kind, String id, String name, String bundle, String bundleVersion,
		long bundleId, long serviceId) {

	/**
	 * Validates.
	 *
	 * @param kind what it provides
	 * @param id its id
	 * @param name a human-readable name
	 * @param bundle the registering bundle's symbolic name
	 * @param bundleVersion the registering bundle's version
	 * @param bundleId the registering bundle's id
	 * @param serviceId the service id
	 * @throws IllegalArgumentException if a field is null
	 */
	public ProviderView {
		if (kind == null || id == null || name == null || bundle == null || bundleVersion == null) {
			throw new IllegalArgumentException("ProviderView " + kind + " '" + id + "': kind, id, name, bundle and "
					+ "bundleVersion must not be null");
		}
	}
}
