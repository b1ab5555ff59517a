package org.genlock.audio.basic.internal;

import java.util.List;
import java.util.Optional;

import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} shader: a full-frame white flash once a second, on the frames
 * of the {@code sync} audio source's burst (see {@link FlashKernel}). No parameters; the
 * layer opacity applies. For a lip-sync check air e.g.
 * {@code bars | flash ; audio: sync} on any channel.
 */
@Component(service = ShaderProvider.class, immediate = true, property = FlashShader.SHADER_ID_PROPERTY + "="
		+ FlashShader.ID)
public class FlashShader implements ShaderProvider {

	/** The shader id, referenced by layers and the {@code genlock.shader.id} service property. */
	public static final String ID = "flash";
	static final String SHADER_ID_PROPERTY = "genlock.shader.id";

	private static final ShaderInfo INFO = new ShaderInfo(ID, "Lip-sync flash, one frame a second", "1.0.0",
			List.of());
	private static final Optional<CpuKernel> KERNEL = Optional.of(new FlashKernel());

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public String glslFragment() {
		return FlashKernel.GLSL;
	}

	@Override
	public Optional<CpuKernel> cpuKernel() {
		return KERNEL;
	}
}
