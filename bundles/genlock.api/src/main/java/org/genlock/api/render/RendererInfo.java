package org.genlock.api.render;

/**
 * What a renderer is. Immutable.
 *
 * @param id      a stable identifier used in configuration and {@code .target} filters,
 *                e.g. {@code "software"}, {@code "gl"}; not blank
 * @param name    a human-readable name; not blank
 * @param kind    how it renders
 * @param version the implementation version, for telemetry; not blank
 */
public record RendererInfo(String id, String name, RendererKind kind, String version) {

	/**
	 * Validates.
	 *
	 * @param id a stable identifier used in configuration and {@code .target} filters, e.g. {@code "software"}, {@code "gl"}; not blank
	 * @param name a human-readable name; not blank
	 * @param kind how it renders
	 * @param version the implementation version, for telemetry; not blank
	 * @throws IllegalArgumentException naming the field and the value
	 */
	public RendererInfo {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("RendererInfo.id is " + id + " but must not be blank");
		}
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("RendererInfo.name of renderer " + id + " is " + name
					+ " but must not be blank");
		}
		if (kind == null) {
			throw new IllegalArgumentException("RendererInfo.kind of renderer " + id + " is null; expected CPU or GL");
		}
		if (version == null || version.isBlank()) {
			throw new IllegalArgumentException("RendererInfo.version of renderer " + id + " is " + version
					+ " but must not be blank");
		}
	}
}
