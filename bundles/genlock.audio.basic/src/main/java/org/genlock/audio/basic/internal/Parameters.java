package org.genlock.audio.basic.internal;

import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderParameter;

/** The parameters the sources share, declared once so their ranges and labels agree. */
final class Parameters {

	/** {@code freq}: INT Hz, 20..20000, default 1000 (the line-up frequency). */
	static final ShaderParameter FREQ = new ShaderParameter("freq", ParameterType.INT, 20L, 20_000L, 1_000L,
			"Frequency (Hz)");

	/** {@code level}: FLOAT dBFS peak, -60..0, default -18 (EBU R 68 alignment level). */
	static final ShaderParameter LEVEL = new ShaderParameter("level", ParameterType.FLOAT, -60.0, 0.0, -18.0,
			"Level (dBFS peak)");

	private Parameters() {}
}
