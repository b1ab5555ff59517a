package org.genlock.api.shader;

/**
 * The type of a shader parameter, with its Java value type and GLSL uniform type.
 */
public enum ParameterType {
	/** A {@link Double}; GLSL {@code float}. */
	FLOAT("float", 1),
	/** A {@link Long}; GLSL {@code int}. */
	INT("int", 1),
	/** A {@link Boolean}; GLSL {@code bool}. */
	BOOL("bool", 1),
	/** A {@code float[4]} premultiplied RGBA, each component 0..1; GLSL {@code vec4}. */
	COLOR("vec4", 4),
	/** A {@code float[2]}; GLSL {@code vec2}. */
	VEC2("vec2", 2);

	private final String glslType;
	private final int components;

	ParameterType(String glslType, int components) {
		this.glslType = glslType;
		this.components = components;
	}

	/**
	 * Returns the GLSL type of the uniform the renderer declares for a parameter of this type.
	 *
	 * @return e.g. {@code "vec4"}
	 */
	public String glslType() {
		return glslType;
	}

	/**
	 * Returns the number of components.
	 *
	 * @return 1, 2 or 4
	 */
	public int components() {
		return components;
	}
}
