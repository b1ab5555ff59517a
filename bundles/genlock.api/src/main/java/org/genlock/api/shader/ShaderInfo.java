package org.genlock.api.shader;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a shader is and which parameters it takes. Immutable.
 *
 * @param id         a stable identifier, referenced by
 *                   {@link org.genlock.api.render.Layer#shaderId()}; not blank
 * @param name       a human-readable name; not blank
 * @param version    the shader's version, for telemetry; not blank
 * @param parameters the parameters; their positions are the indices used by
 *                   {@link ParameterValues}; names unique; copied
 */
public record ShaderInfo(String id, String name, String version, List<ShaderParameter> parameters) {

	/**
	 * Validates and copies.
	 *
	 * @param id a stable identifier, referenced by {@link org.genlock.api.render.Layer#shaderId()}; not blank
	 * @param name a human-readable name; not blank
	 * @param version the shader's version, for telemetry; not blank
	 * @param parameters the parameters; their positions are the indices used by {@link ParameterValues}; names unique; copied
	 * @throws IllegalArgumentException naming the shader, the field and the problem
	 */
	public ShaderInfo {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("ShaderInfo.id is " + id + " but must not be blank");
		}
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("ShaderInfo.name of shader " + id + " must not be blank");
		}
		if (version == null || version.isBlank()) {
			throw new IllegalArgumentException("ShaderInfo.version of shader " + id + " must not be blank");
		}
		if (parameters == null || hasNull(parameters)) {
			throw new IllegalArgumentException("ShaderInfo.parameters of shader " + id + " is " + parameters
					+ " but must be a list without null elements");
		}
		Set<String> names = new HashSet<>();
		for (ShaderParameter p : parameters) {
			if (!names.add(p.name())) {
				throw new IllegalArgumentException("ShaderInfo.parameters of shader " + id
						+ " declares parameter " + p.name() + " twice");
			}
		}
		parameters = List.copyOf(parameters);
	}

	private static boolean hasNull(List<?> list) {
		for (Object o : list) { // List.of(...).contains(null) throws instead of answering
			if (o == null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns the index of a parameter by name. Does not allocate.
	 *
	 * @param parameterName the name
	 * @return its index in {@link #parameters()}, or {@code -1}
	 */
	public int indexOf(String parameterName) {
		for (int i = 0; i < parameters.size(); i++) {
			if (parameters.get(i).name().equals(parameterName)) {
				return i;
			}
		}
		return -1;
	}
}
