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
 * {@code sync(freq=1000, level=-18, fps=50, fractional=false)}: a one-frame tone burst once
 * a second, on the frames the {@code flash} shader lights. {@code fps} and
 * {@code fractional} must describe the channel's frame rate (e.g. {@code fps=30,
 * fractional=true} at 29.97); see {@link SyncKernel} for the rule and why.
 */
@Component(service = AudioSourceProvider.class, immediate = true, property = AudioSourceProvider.ID_PROPERTY + "="
		+ SyncSource.ID)
public class SyncSource implements AudioSourceProvider {

	/** The source id, referenced by audio layers and the {@code genlock.audio.id} property. */
	public static final String ID = "sync";

	/** {@code fps}: the channel's nominal frame rate (its rate rounded), 1..240. */
	static final ShaderParameter FPS = new ShaderParameter("fps", ParameterType.INT, 1L, 240L, 50L,
			"Channel frame rate, rounded (25, 30, 50, 60, ...)");
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
