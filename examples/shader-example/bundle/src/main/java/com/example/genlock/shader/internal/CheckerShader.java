package com.example.genlock.shader.internal;

import java.util.List;
import java.util.Optional;

import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.shader.ShaderProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} shader: squares of {@code size} pixels alternating between
 * {@code light} and {@code dark}, scrolling right at {@code speed} pixels per second. A layer
 * uses it as {@code example.checker(size=40, speed=100)} in a channel's program.
 */
@Component(service = ShaderProvider.class, immediate = true, property = "genlock.shader.id=" + CheckerShader.ID)
public class CheckerShader implements ShaderProvider {

	static final String ID = "example.checker";

	static final int SIZE = 0;
	static final int SPEED = 1;
	static final int LIGHT = 2;
	static final int DARK = 3;

	static final ShaderInfo INFO = new ShaderInfo(ID, "Example checkerboard", "1.0.0", List.of(
			new ShaderParameter("size", ParameterType.INT, 1L, 1024L, 80L, "Square size in pixels"),
			new ShaderParameter("speed", ParameterType.FLOAT, -10_000.0, 10_000.0, 0.0,
					"Scroll to the right, pixels per second (negative: to the left)"),
			new ShaderParameter("light", ParameterType.COLOR, null, null, new float[] {1, 1, 1, 1},
					"Colour of the square at the top-left corner (premultiplied RGBA)"),
			new ShaderParameter("dark", ParameterType.COLOR, null, null, new float[] {0, 0, 0, 1},
					"Colour of the other squares (premultiplied RGBA)")));

	/** The same picture as {@link CheckerKernel}, for the GL renderer. */
	static final String GLSL = """
			vec4 mainImage(vec2 fragCoord) {
			    float s = float(size);
			    float offset = floor(mod(speed * iTime, 2.0 * s));
			    vec2 cell = floor(vec2(fragCoord.x - offset, fragCoord.y) / s);
			    return mod(cell.x + cell.y, 2.0) < 0.5 ? light : dark;
			}
			""";

	private final Optional<CpuKernel> kernel = Optional.of(new CheckerKernel());

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public String glslFragment() {
		return GLSL;
	}

	@Override
	public Optional<CpuKernel> cpuKernel() {
		return kernel;
	}
}
