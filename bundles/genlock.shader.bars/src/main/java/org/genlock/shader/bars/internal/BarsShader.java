package org.genlock.shader.bars.internal;

import java.util.List;
import java.util.Optional;

import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} shader: SMPTE RP 219-1 HD colour bars (see {@link BarsKernel}
 * for the exact geometry and values). No parameters; the layer opacity applies.
 */
@Component(service = ShaderProvider.class, immediate = true, property = BarsShader.SHADER_ID_PROPERTY + "=" + BarsShader.ID)
public class BarsShader implements ShaderProvider {

	/** The shader id, referenced by layers and the {@code genlock.shader.id} service property. */
	public static final String ID = "bars";
	static final String SHADER_ID_PROPERTY = "genlock.shader.id";

	private static final ShaderInfo INFO = new ShaderInfo(ID, "SMPTE RP 219-1 colour bars", "1.0.0", List.of());
	private static final Optional<CpuKernel> KERNEL = Optional.of(new BarsKernel());

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public String glslFragment() {
		return BarsKernel.GLSL;
	}

	@Override
	public Optional<CpuKernel> cpuKernel() {
		return KERNEL;
	}
}
