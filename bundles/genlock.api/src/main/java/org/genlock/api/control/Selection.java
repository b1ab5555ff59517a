package org.genlock.api.control;

/**
 * What a channel is configured to use for one {@link ProviderKind#selectable() selectable}
 * kind, and what is bound now. Immutable.
 *
 * @param kind     the kind
 * @param selected the provider id the configuration selects, or {@code null} when its
 *                 target filter selects none in particular (any provider, best ranked)
 * @param target   the configured target filter, or {@code null} if none
 * @param bound    the provider bound now, or {@code null} when none is (the channel runs
 *                 on its built-in fallback for this kind)
 */
public record Selection(ProviderKind kind, String selected, String target, ProviderView bound) {

	/**
	 * Validates.
	 *
	 * @param kind the kind
	 * @param selected the selected provider id, or null
	 * @param target the configured target filter, or null
	 * @param bound the provider bound now, or null
	 * @throws IllegalArgumentException if the kind is null or not selectable
	 */
	public Selection {
		if (kind == null || !kind.selectable()) {
			throw new IllegalArgumentException("Selection.kind is " + kind + " but must be device, renderer, policy "
					+ "or strategy");
		}
	}
}
