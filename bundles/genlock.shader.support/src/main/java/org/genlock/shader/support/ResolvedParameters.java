package org.genlock.shader.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;

/**
 * A layer's parameter values resolved against a shader's declared parameters, built once
 * per program change: given values that pass {@link ShaderParameter#check(Object)} are
 * used, everything else takes the declared default. What was wrong is kept in
 * {@link #problems()} so the caller can log it once. Immutable; the accessors never
 * allocate.
 */
public final class ResolvedParameters implements ParameterValues {

	private final String shaderId;
	private final ShaderParameter[] declared;
	private final double[] numbers;
	private final long[] longs;
	private final boolean[] booleans;
	private final float[][] vectors;
	private final List<String> problems;

	private ResolvedParameters(String shaderId, ShaderParameter[] declared, List<String> problems) {
		this.shaderId = shaderId;
		this.declared = declared;
		this.numbers = new double[declared.length];
		this.longs = new long[declared.length];
		this.booleans = new boolean[declared.length];
		this.vectors = new float[declared.length][];
		this.problems = problems;
	}

	/**
	 * Resolves given values against a shader's parameters.
	 *
	 * @param info  the shader's description
	 * @param given values by parameter name, as in a {@code Layer}; may name parameters the
	 *              shader does not declare (reported and ignored)
	 * @return the resolved values
	 */
	public static ResolvedParameters resolve(ShaderInfo info, Map<String, Object> given) {
		List<ShaderParameter> params = info.parameters();
		List<String> problems = new ArrayList<>();
		ResolvedParameters r = new ResolvedParameters(info.id(), params.toArray(new ShaderParameter[0]), problems);
		for (int i = 0; i < r.declared.length; i++) {
			ShaderParameter p = r.declared[i];
			Object value = given.get(p.name());
			if (value == null) {
				value = p.defaultValue();
			} else {
				try {
					p.check(value);
				} catch (IllegalArgumentException e) {
					problems.add("shader " + info.id() + ": " + e.getMessage() + "; using the default "
							+ show(p.defaultValue()));
					value = p.defaultValue();
				}
			}
			r.store(i, p.type(), value);
		}
		for (String name : given.keySet()) {
			if (info.indexOf(name) < 0) {
				problems.add("shader " + info.id() + " has no parameter " + name + " (it declares "
						+ params.stream().map(ShaderParameter::name).toList() + "); the value is ignored");
			}
		}
		return r;
	}

	private void store(int i, ParameterType type, Object value) {
		switch (type) {
			case FLOAT -> numbers[i] = ((Number) value).doubleValue();
			case INT -> {
				longs[i] = ((Number) value).longValue();
				numbers[i] = longs[i];
			}
			case BOOL -> booleans[i] = (Boolean) value;
			case COLOR, VEC2 -> vectors[i] = ((float[]) value).clone();
			default -> throw new AssertionError(type);
		}
	}

	private static String show(Object o) {
		return o instanceof float[] a ? Arrays.toString(a) : String.valueOf(o);
	}

	/**
	 * Returns what was wrong with the given values, one message per problem; empty if they
	 * all applied.
	 *
	 * @return the problems, unmodifiable
	 */
	public List<String> problems() {
		return Collections.unmodifiableList(problems);
	}

	@Override
	public int size() {
		return declared.length;
	}

	@Override
	public int indexOf(String name) {
		for (int i = 0; i < declared.length; i++) {
			if (declared[i].name().equals(name)) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public double getDouble(int index) {
		ParameterType t = declared[index].type();
		if (t != ParameterType.FLOAT && t != ParameterType.INT) {
			throw wrongAccessor(index, "getDouble", "FLOAT or INT");
		}
		return numbers[index];
	}

	@Override
	public long getLong(int index) {
		if (declared[index].type() != ParameterType.INT) {
			throw wrongAccessor(index, "getLong", "INT");
		}
		return longs[index];
	}

	@Override
	public boolean getBoolean(int index) {
		if (declared[index].type() != ParameterType.BOOL) {
			throw wrongAccessor(index, "getBoolean", "BOOL");
		}
		return booleans[index];
	}

	@Override
	public float getComponent(int index, int component) {
		ParameterType t = declared[index].type();
		if (t == ParameterType.FLOAT) {
			if (component != 0) {
				throw new IndexOutOfBoundsException("shader " + shaderId + " parameter " + declared[index].name()
						+ " is FLOAT and has only component 0, not " + component);
			}
			return (float) numbers[index];
		}
		if (t != ParameterType.COLOR && t != ParameterType.VEC2) {
			throw wrongAccessor(index, "getComponent", "COLOR, VEC2 or FLOAT");
		}
		float[] v = vectors[index];
		if (component < 0 || component >= v.length) {
			throw new IndexOutOfBoundsException("shader " + shaderId + " parameter " + declared[index].name()
					+ " has components 0.." + (v.length - 1) + ", not " + component);
		}
		return v[component];
	}

	private IllegalStateException wrongAccessor(int index, String accessor, String allowed) {
		ShaderParameter p = declared[index];
		return new IllegalStateException("shader " + shaderId + " parameter " + p.name() + " is " + p.type() + "; "
				+ accessor + " reads only " + allowed);
	}

	@Override
	public String toString() {
		StringBuilder b = new StringBuilder(shaderId).append('{');
		for (int i = 0; i < declared.length; i++) {
			b.append(i == 0 ? "" : ", ").append(declared[i].name()).append('=');
			switch (declared[i].type()) {
				case FLOAT -> b.append(numbers[i]);
				case INT -> b.append(longs[i]);
				case BOOL -> b.append(booleans[i]);
				default -> b.append(Arrays.toString(vectors[i]));
			}
		}
		return b.append('}').toString();
	}
}
