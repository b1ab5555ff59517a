package org.genlock.audio.basic.internal;

import java.util.List;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ShaderInfo;
import org.osgi.service.component.annotations.Component;

/** Contributes the {@value #ID} source: zeros on every channel. No parameters. */
@Component(service = AudioSourceProvider.class, immediate = true, property = AudioSourceProvider.ID_PROPERTY + "="
		+ SilenceSource.ID)
public class SilenceSource implements AudioSourceProvider {

	/** The source id, referenced by audio layers and the {@code genlock.audio.id} property. */
	public static final String ID = "silence";

	private static final ShaderInfo INFO = new ShaderInfo(ID, "Silence", "1.0.0", List.of());
	private static final AudioKernel KERNEL = new SilenceKernel();

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public AudioKernel kernel() {
		return KERNEL;
	}
}
