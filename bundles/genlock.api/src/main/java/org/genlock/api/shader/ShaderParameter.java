package org.genlock.api.shader;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A typed, ranged parameter of a shader, declared in {@link ShaderInfo#parameters()}.
 * Immutable.
 *
 * <p>Values by type (the same as {@link org.genlock.api.render.Layer} parameter values):
 * <ul>
 * <li>{@code FLOAT}: {@link Double} ({@link Long} is accepted by {@link #check(Object)});
 * {@code min}/{@code max} are Doubles or {@code null} for unbounded</li>
 * <li>{@code INT}: {@link Long}; {@code min}/{@code max} Longs or {@code null}</li>
 * <li>{@code BOOL}: {@link Boolean}; {@code min}/{@code max} must be {@code null}</li>
 * <li>{@code COLOR}: {@code float[4]} premultiplied RGBA with components in 0..1;
 * {@code min}/{@code max} must be {@code null}</li>
 * <li>{@code VEC2}: {@code float[2]}; {@code min}/{@code max} are {@code float[2]}
 * component-wise bounds or {@code null}</li>
 * </ul>
 * Numeric bounds and defaults are normalised: any number to Double for {@code FLOAT}, Integer to
 * Long for {@code INT}.
 * Arrays are copied in and out.
 *
 * @param name         the uniform name: a GLSL identifier, not starting with {@code gl_}
 *                     and not one of the preamble uniforms {@code iResolution},
 *                     {@code iTime}, {@code iFrame}
 * @param type         the type
 * @param min          the lower bound, or {@code null}
 * @param max          the upper bound, or {@code null}
 * @param defaultValue the value used when a layer does not set the parameter; within the
 *                     bounds
 * @param label        a human-readable label for consoles; not blank
 */
public record ShaderParameter(String name, ParameterType type, Object min, Object max, Object defaultValue,
		String label) {

	private static final Set<String> RESERVED = Set.of("iResolution", "iTime", "iFrame", "mainImage", "main");

	/**
	 * Validates names, types, bounds and the default.
	 *
	 * @param name the uniform name: a GLSL identifier, not starting with {@code gl_} and not one of the preamble uniforms {@code iResolution}, {@code iTime}, {@code iFrame}
	 * @param type the type
	 * @param min the lower bound, or {@code null}
	 * @param max the upper bound, or {@code null}
	 * @param defaultValue the value used when a layer does not set the parameter; within the bounds
	 * @param label a human-readable label for consoles; not blank
	 * @throws IllegalArgumentException naming the parameter, the field and the problem
	 */
	public ShaderParameter {
		if (name == null || !isIdentifier(name) || name.startsWith("gl_") || RESERVED.contains(name)) {
			throw new IllegalArgumentException("ShaderParameter.name is " + (name == null ? "null" : "\"" + name + "\"")
					+ " but must be a GLSL identifier ([A-Za-z_][A-Za-z0-9_]*), not starting with gl_ and not one of "
					+ RESERVED);
		}
		if (type == null) {
			throw new IllegalArgumentException("ShaderParameter " + name
					+ ": type is null; expected FLOAT, INT, BOOL, COLOR or VEC2");
		}
		if (label == null || label.isBlank()) {
			throw new IllegalArgumentException("ShaderParameter " + name + ": label must not be blank");
		}
		min = normaliseBound(name, type, "min", min);
		max = normaliseBound(name, type, "max", max);
		if (min != null && max != null) {
			for (int c = 0; c < type.components(); c++) {
				if (component(min, c) > component(max, c)) {
					throw new IllegalArgumentException("ShaderParameter " + name + ": min " + show(min)
							+ " is greater than max " + show(max));
				}
			}
		}
		if (defaultValue instanceof Float f) {
			defaultValue = f.doubleValue();
		} else if (defaultValue instanceof Integer i) {
			defaultValue = i.longValue();
		} else if (defaultValue instanceof float[] a) {
			defaultValue = a.clone();
		}
		if (defaultValue == null) {
			throw new IllegalArgumentException("ShaderParameter " + name + ": defaultValue is null; expected "
					+ expected(type));
		}
		String problem = problem(name, type, min, max, defaultValue);
		if (problem != null) {
			throw new IllegalArgumentException(problem.replace("value ", "defaultValue "));
		}
		if (type == ParameterType.FLOAT && defaultValue instanceof Long l) {
			defaultValue = l.doubleValue();
		}
	}

	/**
	 * Checks that a value suits this parameter.
	 *
	 * @param value a candidate value, as in a {@link org.genlock.api.render.Layer}
	 * @throws IllegalArgumentException naming the parameter, the value and the allowed type
	 *                                  or range
	 */
	public void check(Object value) {
		String problem = problem(name, type, min, max, value);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
	}

	/**
	 * Returns the lower bound; a fresh copy for {@code VEC2}.
	 *
	 * @return the lower bound or {@code null}
	 */
	@Override
	public Object min() {
		return copy(min);
	}

	/**
	 * Returns the upper bound; a fresh copy for {@code VEC2}.
	 *
	 * @return the upper bound or {@code null}
	 */
	@Override
	public Object max() {
		return copy(max);
	}

	/**
	 * Returns the default value; a fresh copy for {@code COLOR} and {@code VEC2}.
	 *
	 * @return the default value
	 */
	@Override
	public Object defaultValue() {
		return copy(defaultValue);
	}

	private static Object copy(Object o) {
		return o instanceof float[] a ? a.clone() : o;
	}

	private static String problem(String name, ParameterType type, Object min, Object max, Object value) {
		String prefix = "parameter " + name + " (" + type + "): value " + show(value);
		switch (type) {
			case FLOAT -> {
				if (!(value instanceof Double || value instanceof Long || value instanceof Float
						|| value instanceof Integer)) {
					return prefix + " is not a number; expected " + expected(type);
				}
				double d = ((Number) value).doubleValue();
				if (!Double.isFinite(d)) {
					return prefix + " is not finite";
				}
				if ((min != null && d < (Double) min) || (max != null && d > (Double) max)) {
					return prefix + " is outside " + range(min, max);
				}
			}
			case INT -> {
				if (!(value instanceof Long || value instanceof Integer)) {
					return prefix + " is not an integer; expected " + expected(type);
				}
				long l = ((Number) value).longValue();
				if ((min != null && l < (Long) min) || (max != null && l > (Long) max)) {
					return prefix + " is outside " + range(min, max);
				}
			}
			case BOOL -> {
				if (!(value instanceof Boolean)) {
					return prefix + " is not a boolean; expected " + expected(type);
				}
			}
			case COLOR, VEC2 -> {
				if (!(value instanceof float[] v) || v.length != type.components()) {
					return prefix + " is not a float[" + type.components() + "]; expected " + expected(type);
				}
				for (int c = 0; c < v.length; c++) {
					float f = v[c];
					float lo = type == ParameterType.COLOR ? 0f : min == null ? Float.NEGATIVE_INFINITY : ((float[]) min)[c];
					float hi = type == ParameterType.COLOR ? 1f : max == null ? Float.POSITIVE_INFINITY : ((float[]) max)[c];
					if (!Float.isFinite(f) || f < lo || f > hi) {
						return prefix + ": component " + c + " = " + f + " is outside "
								+ (type == ParameterType.COLOR ? "0..1" : range(min, max));
					}
				}
				if (type == ParameterType.COLOR && (v[0] > v[3] || v[1] > v[3] || v[2] > v[3])) {
					return prefix + " is not premultiplied: r, g and b must not exceed alpha " + v[3];
				}
			}
			default -> throw new AssertionError(type);
		}
		return null;
	}

	private static Object normaliseBound(String name, ParameterType type, String which, Object bound) {
		if (bound == null) {
			return null;
		}
		Object b = bound;
		if (type == ParameterType.FLOAT && (bound instanceof Float || bound instanceof Integer || bound instanceof Long)) {
			b = ((Number) bound).doubleValue();
		} else if (type == ParameterType.INT && bound instanceof Integer i) {
			b = i.longValue();
		}
		boolean ok = switch (type) {
			case FLOAT -> b instanceof Double d && Double.isFinite(d);
			case INT -> b instanceof Long;
			case VEC2 -> b instanceof float[] a && a.length == 2 && Float.isFinite(a[0]) && Float.isFinite(a[1]);
			case BOOL, COLOR -> false;
		};
		if (!ok) {
			throw new IllegalArgumentException("ShaderParameter " + name + ": " + which + " is " + show(bound) + " but "
					+ switch (type) {
						case FLOAT -> "must be a finite Double or null";
						case INT -> "must be a Long or null";
						case VEC2 -> "must be a finite float[2] or null";
						case BOOL, COLOR -> "must be null: " + type + " has no range";
					});
		}
		return b instanceof float[] a ? a.clone() : b;
	}

	private static double component(Object bound, int c) {
		return bound instanceof float[] a ? a[c] : ((Number) bound).doubleValue();
	}

	private static String expected(ParameterType type) {
		return switch (type) {
			case FLOAT -> "a Double";
			case INT -> "a Long";
			case BOOL -> "a Boolean";
			case COLOR -> "a float[4] premultiplied RGBA in 0..1";
			case VEC2 -> "a float[2]";
		};
	}

	private static String range(Object min, Object max) {
		return "[" + (min == null ? "-inf" : show(min)) + ", " + (max == null ? "+inf" : show(max)) + "]";
	}

	private static String show(Object o) {
		if (o instanceof float[] a) {
			return Arrays.toString(a);
		}
		if (o instanceof String s) {
			return "\"" + s + "\"";
		}
		return String.valueOf(o);
	}

	private static boolean isIdentifier(String s) {
		if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) && s.charAt(0) < 128 || s.charAt(0) == '_')) {
			return false;
		}
		for (int i = 1; i < s.length(); i++) {
			char c = s.charAt(i);
			if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
				return false;
			}
		}
		return true;
	}

	/** Compares vector bounds and defaults by content. */
	@Override
	public boolean equals(Object o) {
		return o instanceof ShaderParameter p && name.equals(p.name) && type == p.type && same(min, p.min)
				&& same(max, p.max) && same(defaultValue, p.defaultValue) && label.equals(p.label);
	}

	private static boolean same(Object a, Object b) {
		return a instanceof float[] x ? b instanceof float[] y && Arrays.equals(x, y) : Objects.equals(a, b);
	}

	@Override
	public int hashCode() {
		return Objects.hash(name, type, hash(min), hash(max), hash(defaultValue), label);
	}

	private static int hash(Object o) {
		return o instanceof float[] a ? Arrays.hashCode(a) : Objects.hashCode(o);
	}

	@Override
	public String toString() {
		return "ShaderParameter[" + name + ", " + type + ", " + range(min, max) + ", default " + show(defaultValue)
				+ ", \"" + label + "\"]";
	}
}
