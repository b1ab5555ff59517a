package org.genlock.api.shader;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A layer's parameter values resolved against its shader's declared parameters: given values
 * checked, missing ones defaulted. Indexed by position in {@link ShaderInfo#parameters()}.
 *
 * <p>Implemented by the renderer ({@code @ProviderType}: kernels only read it). Resolved
 * once per program change, off the hot path; read per frame from any number of threads
 * without allocation or locking (it is immutable). Reading a parameter with the wrong
 * accessor is a programming error and throws {@link IllegalStateException}.
 */
@ProviderType
public interface ParameterValues {

	/**
	 * Returns the number of parameters.
	 *
	 * @return {@code ShaderInfo.parameters().size()}
	 */
	int size();

	/**
	 * Returns the index of a parameter by name; for a kernel to look up once, not per frame.
	 *
	 * @param name the parameter name
	 * @return its index, or {@code -1}
	 */
	int indexOf(String name);

	/**
	 * Returns a {@code FLOAT} parameter ({@code INT} values are converted).
	 *
	 * @param index the parameter index
	 * @return the value
	 * @throws IndexOutOfBoundsException if there is no such parameter
	 * @throws IllegalStateException     if the parameter is not {@code FLOAT} or {@code INT}
	 */
	double getDouble(int index);

	/**
	 * Returns an {@code INT} parameter.
	 *
	 * @param index the parameter index
	 * @return the value
	 * @throws IndexOutOfBoundsException if there is no such parameter
	 * @throws IllegalStateException     if the parameter is not {@code INT}
	 */
	long getLong(int index);

	/**
	 * Returns a {@code BOOL} parameter.
	 *
	 * @param index the parameter index
	 * @return the value
	 * @throws IndexOutOfBoundsException if there is no such parameter
	 * @throws IllegalStateException     if the parameter is not {@code BOOL}
	 */
	boolean getBoolean(int index);

	/**
	 * Returns one component of a {@code COLOR} (r, g, b, a; premultiplied) or {@code VEC2}
	 * (x, y) parameter; component 0 of a {@code FLOAT} is its value. Avoids handing out
	 * arrays a kernel could modify.
	 *
	 * @param index     the parameter index
	 * @param component the component, {@code 0 <= component < type.components()}
	 * @return the component value
	 * @throws IndexOutOfBoundsException if there is no such parameter or component
	 * @throws IllegalStateException     if the parameter is {@code INT} or {@code BOOL}
	 */
	float getComponent(int index, int component);
}
