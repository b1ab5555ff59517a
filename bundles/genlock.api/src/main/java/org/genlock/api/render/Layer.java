package org.genlock.api.render;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer of a {@link Program}, with its parameter values. Immutable. In
 * {@link Program#audio()} a layer is an audio layer: {@code shaderId} names the
 * {@link org.genlock.api.audio.AudioSourceProvider audio source} and {@code opacity} is its
 * linear gain.
 *
 * <p>Parameter values are one of: {@link Double} ({@code FLOAT}), {@link Long}
 * ({@code INT}), {@link Boolean} ({@code BOOL}), {@link String}, or {@code float[]} with 1 to
 * 4 components ({@code COLOR}, {@code VEC2}). For convenience {@link Integer},
 * {@link Short} and {@link Byte} are stored as {@code Long} and {@link Float} as
 * {@code Double}. Non-finite numbers are rejected. Arrays are copied in and out, so neither
 * the caller's array nor a returned one can change the layer. Whether a value suits the
 * shader's declared parameter is checked by the renderer against
 * {@link org.genlock.api.shader.ShaderParameter#check(Object)}; parameters not given take
 * the shader's defaults.
 *
 * @param shaderId   the {@link org.genlock.api.shader.ShaderInfo#id() id} of the shader;
 *                   not blank
 * @param parameters values by parameter name; copied, iteration order kept
 * @param opacity    0..1, multiplied into the layer's premultiplied output
 * @param enabled    whether the layer is composited at all
 */
public record Layer(String shaderId, Map<String, Object> parameters, float opacity, boolean enabled) {

	/**
	 * Validates, normalises number types and copies.
	 *
	 * @param shaderId the {@link org.genlock.api.shader.ShaderInfo#id() id} of the shader; not blank
	 * @param parameters values by parameter name; copied, iteration order kept
	 * @param opacity 0..1, multiplied into the layer's premultiplied output
	 * @param enabled whether the layer is composited at all
	 * @throws IllegalArgumentException naming the layer, the parameter, the value and what is
	 *                                  allowed
	 */
	public Layer {
		if (shaderId == null || shaderId.isBlank()) {
			throw new IllegalArgumentException("Layer.shaderId is " + shaderId + " but must not be blank");
		}
		if (!(opacity >= 0f && opacity <= 1f)) {
			throw new IllegalArgumentException("Layer.opacity of layer " + shaderId + " is " + opacity
					+ " but must be in 0..1");
		}
		if (parameters == null) {
			throw new IllegalArgumentException("Layer.parameters of layer " + shaderId
					+ " is null; use an empty map for defaults");
		}
		Map<String, Object> copy = new LinkedHashMap<>();
		for (Map.Entry<String, Object> e : parameters.entrySet()) {
			String name = e.getKey();
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("Layer.parameters of layer " + shaderId + " has a blank name");
			}
			copy.put(name, normalise(shaderId, name, e.getValue()));
		}
		parameters = Collections.unmodifiableMap(copy);
	}

	/**
	 * Creates an enabled, fully opaque layer.
	 *
	 * @param shaderId   the shader id
	 * @param parameters the parameter values
	 */
	public Layer(String shaderId, Map<String, Object> parameters) {
		this(shaderId, parameters, 1f, true);
	}

	private static Object normalise(String shaderId, String name, Object value) {
		if (value instanceof Double d) {
			requireFinite(shaderId, name, d);
			return d;
		}
		if (value instanceof Float f) {
			requireFinite(shaderId, name, f);
			return f.doubleValue();
		}
		if (value instanceof Long || value instanceof Boolean || value instanceof String) {
			return value;
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof float[] v) {
			if (v.length < 1 || v.length > 4) {
				throw new IllegalArgumentException("Layer " + shaderId + " parameter " + name + " has "
						+ v.length + " components but a vector must have 1..4");
			}
			for (float c : v) {
				requireFinite(shaderId, name, c);
			}
			return v.clone();
		}
		throw new IllegalArgumentException("Layer " + shaderId + " parameter " + name + " is "
				+ (value == null ? "null" : "a " + value.getClass().getName() + " (" + value + ")")
				+ " but must be a Double, Long, Boolean, String or float[1..4]");
	}

	private static void requireFinite(String shaderId, String name, double d) {
		if (!Double.isFinite(d)) {
			throw new IllegalArgumentException("Layer " + shaderId + " parameter " + name + " is " + d
					+ " but must be a finite number");
		}
	}

	/**
	 * Returns the parameter values. The map is unmodifiable; {@code float[]} values are fresh
	 * copies, so this allocates when the layer has vector values: resolve parameters once per
	 * program change, not per frame.
	 *
	 * @return the values by name, in the order given
	 */
	@Override
	public Map<String, Object> parameters() {
		boolean hasArrays = false;
		for (Object v : parameters.values()) {
			hasArrays |= v instanceof float[];
		}
		if (!hasArrays) {
			return parameters;
		}
		Map<String, Object> copy = new LinkedHashMap<>(parameters);
		copy.replaceAll((k, v) -> v instanceof float[] a ? a.clone() : v);
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * Compares by shader id, opacity, enabled and parameter values, comparing vector values
	 * by content.
	 */
	@Override
	public boolean equals(Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof Layer other) || !shaderId.equals(other.shaderId) || opacity != other.opacity
				|| enabled != other.enabled || parameters.size() != other.parameters.size()) {
			return false;
		}
		for (Map.Entry<String, Object> e : parameters.entrySet()) {
			Object mine = e.getValue();
			Object theirs = other.parameters.get(e.getKey());
			boolean same = mine instanceof float[] a ? theirs instanceof float[] b && Arrays.equals(a, b)
					: mine.equals(theirs);
			if (!same) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		int h = shaderId.hashCode() * 31 + Float.hashCode(opacity);
		h = h * 31 + Boolean.hashCode(enabled);
		for (Map.Entry<String, Object> e : parameters.entrySet()) {
			Object v = e.getValue();
			h += e.getKey().hashCode() ^ (v instanceof float[] a ? Arrays.hashCode(a) : v.hashCode());
		}
		return h;
	}

	@Override
	public String toString() {
		StringBuilder b = new StringBuilder("Layer[").append(shaderId).append(", {");
		String sep = "";
		for (Map.Entry<String, Object> e : parameters.entrySet()) {
			Object v = e.getValue();
			b.append(sep).append(e.getKey()).append('=').append(v instanceof float[] a ? Arrays.toString(a) : v);
			sep = ", ";
		}
		return b.append("}, opacity=").append(opacity).append(", enabled=").append(enabled).append(']').toString();
	}
}
