package org.genlock.shader.zoneplate.internal;

import java.util.List;
import java.util.Optional;

import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.shader.ShaderProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} shader: a moving circular zone plate, luma
 * {@code 0.5 + 0.5 cos(pi * scale * H * (u^2 + v^2) + 2 pi * speed * t)} with {@code u, v}
 * the distance from the picture centre in picture heights. See {@link ZonePlateKernel}.
 */
@Component(service = ShaderProvider.class, immediate = true,
		property = ZonePlateShader.SHADER_ID_PROPERTY + "=" + ZonePlateShader.ID)
public class ZonePlateShader implements ShaderProvider {

	/** The shader id, referenced by layers and the {@code genlock.shader.id} service property. */
	public static final String ID = "zoneplate";
	static final String SHADER_ID_PROPERTY = "genlock.shader.id";

	/** Index of {@code scale} in the parameters. */
	static final int SCALE = 0;
	/** Index of {@code speed} in the parameters. */
	static final int SPEED = 1;

	private static final ShaderInfo INFO = new ShaderInfo(ID, "Zone plate", "1.0.0", List.of(
			new ShaderParameter("scale", ParameterType.FLOAT, 0.01, 8.0, 1.0,
					"Frequency at the top and bottom edges, as a fraction of Nyquist (1 = 0.5 cycles per pixel)"),
			new ShaderParameter("speed", ParameterType.FLOAT, -60.0, 60.0, 1.0,
					"Phase speed, cycles per second (0 = still)")));

	private final Optional<CpuKernel> kernel = Optional.of(new ZonePlateKernel());

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public String glslFragment() {
		return ZonePlateKernel.GLSL;
	}

	@Override
	public Optional<CpuKernel> cpuKernel() {
		return kernel;
	}
}
