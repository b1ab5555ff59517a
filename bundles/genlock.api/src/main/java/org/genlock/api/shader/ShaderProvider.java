package org.genlock.api.shader;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes one shader, registered as a service by a shader bundle; renderers look
 * shaders up by {@link ShaderInfo#id()}.
 *
 * <p>Implemented by shader bundles ({@code @ConsumerType}: every shader implements it, so
 * adding a method is a major change). Called by renderers off the hot path, when a program
 * referencing the shader is resolved; the results must not change for the life of the
 * service (a new version is a new service, which renderers swap in at a frame boundary).
 */
@ConsumerType
public interface ShaderProvider {

	/**
	 * Describes the shader and its parameters.
	 *
	 * @return the description; the same value for the life of the service
	 */
	ShaderInfo info();

	/**
	 * Returns the GLSL source of the shader's fragment, compiled by the GL renderer after a
	 * preamble it provides. The preamble holds the {@code #version} line, precision, and the
	 * uniforms
	 *
	 * <pre>
	 * uniform vec2 iResolution; // width, height in pixels
	 * uniform float iTime;      // seconds since display index 0, from the exact frame time
	 * uniform int iFrame;       // display index (low 31 bits)
	 * </pre>
	 *
	 * plus one uniform per parameter, named as the parameter, of
	 * {@link ParameterType#glslType()} type. The fragment must define
	 * {@code vec4 mainImage(vec2 fragCoord)}, where {@code fragCoord} is the pixel centre in
	 * pixels with the origin at the top-left of the picture ({@code (0.5, 0.5)} is the
	 * first pixel of row 0), returning premultiplied RGBA. The renderer multiplies by the
	 * layer opacity and composites "over" the layers below. The fragment must not declare
	 * {@code main} or outputs.
	 *
	 * @return the GLSL fragment source
	 */
	String glslFragment();

	/**
	 * Returns the CPU implementation for the software renderer, if there is one. The same
	 * instance for the life of the service.
	 *
	 * @return the kernel, or empty if the shader runs on GL only
	 */
	Optional<CpuKernel> cpuKernel();
}
