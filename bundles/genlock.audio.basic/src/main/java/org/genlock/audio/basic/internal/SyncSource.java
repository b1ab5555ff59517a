package org.genlock.audio.basic.internal;

import java.util.List;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} source,
 * {@code sync(freq=1000, level=-18)}: a one-frame tone burst once a second, on the frames the
 * {@code flash} shader lights, at the channel's frame rate (the backend gives it). {@code fps}
 * and {@code fractional} override the rate (0, the default, is the channel's); see
 * {@link SyncKernel} for the rule and why.
 */
@Component(service = AudioSourceProvider.class, immediate = true, property = AudioSourceProvider.ID_PROPERTY + "="
		+ SyncSource.ID)
public class SyncSource implements AudioSourceProvider {

	/** The source id, referenced by audio layers and the {@code genlock.audio.id} property. */
	public static final String ID = "sync";

	/** {@code fps}: a nominal frame rate (a rate rounded), 1..240, or 0 (default) for the channel's. */
	static final ShaderParameter FPS = new ShaderParameter("fps", ParameterType.INT, 0L, 240L, 0L,
			"Frame rate, rounded (25, 30, 50, 60, ...); 0: the channel's");
	/** {@code fractional}: whether the channel runs at fps × 1000/1001 (23.976, 29.97, 59.94). */
	static final ShaderParameter FRACTIONAL = new ShaderParameter("fractional", ParameterType.BOOL, null, null, false,
			"Rate is fps × 1000/1001 (29.97, 59.94)");

	private static final ShaderInfo INFO = new ShaderInfo(ID, "Lip-sync burst, one frame a second", "1.0.0",
			List.of(Parameters.FREQ, Parameters.LEVEL, FPS, FRACTIONAL));
	private static final AudioKernel KERNEL = new SyncKernel();

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
