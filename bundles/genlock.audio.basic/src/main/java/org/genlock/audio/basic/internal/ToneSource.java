package org.genlock.audio.basic.internal;

import java.util.List;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ShaderInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} source, {@code tone(freq=1000, level=-18)}: one sine of
 * {@code freq} Hz (20..20000) peaking at {@code level} dBFS (-60..0) on every channel. See
 * {@link ToneKernel}.
 */
@Component(service = AudioSourceProvider.class, immediate = true, property = AudioSourceProvider.ID_PROPERTY + "="
		+ ToneSource.ID)
public class ToneSource implements AudioSourceProvider {

	/** The source id, referenced by audio layers and the {@code genlock.audio.id} property. */
	public static final String ID = "tone";

	private static final ShaderInfo INFO = new ShaderInfo(ID, "Sine tone", "1.0.0",
			List.of(Parameters.FREQ, Parameters.LEVEL));
	private static final AudioKernel KERNEL = new ToneKernel();

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
