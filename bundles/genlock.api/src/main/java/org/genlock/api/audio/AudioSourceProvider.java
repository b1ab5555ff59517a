package org.genlock.api.audio;

import org.genlock.api.shader.ShaderInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of program audio (a tone, a line-up ident, silence, a sync burst), registered as
 * an OSGi service with the {@link #ID_PROPERTY} property and selected by id in a program's
 * audio layers, e.g. {@code bars ; audio: tone(freq=1000, level=-18)}. Providers come and go
 * at run time like shaders: a program naming an absent source airs silence for that layer.
 *
 * <p>The description is a {@link ShaderInfo}: the same id rules and the same declared
 * {@link org.genlock.api.shader.ShaderParameter parameters} as a shader, so programs are
 * checked and their errors worded by the one validator, and front ends list sources like
 * shaders.
 */
@ConsumerType
public interface AudioSourceProvider {

	/** Service property: the source's id, equal to {@code info().id()}. */
	String ID_PROPERTY = "genlock.audio.id";

	/**
	 * Returns the source's id, name, version and parameters. Constant.
	 *
	 * @return the description
	 */
	ShaderInfo info();

	/**
	 * Returns the generator. Constant; called off the hot path.
	 *
	 * @return the kernel
	 */
	AudioKernel kernel();
}
