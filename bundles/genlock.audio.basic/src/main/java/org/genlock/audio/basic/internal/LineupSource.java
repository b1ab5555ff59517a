package org.genlock.audio.basic.internal;

import java.util.List;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ShaderInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} source, {@code lineup(level=-18)}: the EBU stereo line-up
 * ident (1 kHz, the left channels interrupted for 250 ms every 3 s; see
 * {@link LineupKernel} for the source of that timing). {@code level} is dBFS peak, -60..0.
 */
@Component(service = AudioSourceProvider.class, immediate = true, property = AudioSourceProvider.ID_PROPERTY + "="
		+ LineupSource.ID)
public class LineupSource implements AudioSourceProvider {

	/** The source id, referenced by audio layers and the {@code genlock.audio.id} property. */
	public static final String ID = "lineup";

	private static final ShaderInfo INFO = new ShaderInfo(ID, "EBU stereo line-up ident (EBU Tech 3304)", "1.0.0",
			List.of(Parameters.LEVEL));
	private static final AudioKernel KERNEL = new LineupKernel();

	@Activate
	void activate() {
		Sine.load();
	}

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public AudioKernel kernel() {
		return KERNEL;
	}
}
