package org.genlock.shader.timecode.internal;

import java.util.List;
import java.util.Optional;

import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.shader.ShaderProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the {@value #ID} shader: burnt-in SMPTE timecode and display-index counter in
 * a box, plus a machine-readable strip of the display index in the top-left corner. The
 * layout is specified in {@link TimecodeKernel} and the bundle's README.
 */
@Component(service = ShaderProvider.class, immediate = true,
		property = TimecodeShader.SHADER_ID_PROPERTY + "=" + TimecodeShader.ID)
public class TimecodeShader implements ShaderProvider {

	/** The shader id, referenced by layers and the {@code genlock.shader.id} service property. */
	public static final String ID = "timecode";
	static final String SHADER_ID_PROPERTY = "genlock.shader.id";

	/** Index of {@code position} in the parameters. */
	static final int POSITION = 0;
	/** Index of {@code size} in the parameters. */
	static final int SIZE = 1;
	/** Index of {@code strip} in the parameters. */
	static final int STRIP = 2;

	private static final ShaderInfo INFO = new ShaderInfo(ID, "Timecode burn-in", "1.0.0", List.of(
			new ShaderParameter("position", ParameterType.INT, 0L, 8L, 7L,
					"Box position: 0 top-left, 1 top-centre, 2 top-right, 3 middle-left, 4 centre, "
							+ "5 middle-right, 6 bottom-left, 7 bottom-centre, 8 bottom-right"),
			new ShaderParameter("size", ParameterType.FLOAT, 0.25, 4.0, 1.0,
					"Text size (1 = glyphs 7/216 of the picture height)"),
			new ShaderParameter("strip", ParameterType.BOOL, null, null, true,
					"Draw the machine-readable display-index strip at the top-left")));

	private final Optional<CpuKernel> kernel = Optional.of(new TimecodeKernel());

	@Override
	public ShaderInfo info() {
		return INFO;
	}

	@Override
	public String glslFragment() {
		return TimecodeKernel.GLSL;
	}

	@Override
	public Optional<CpuKernel> cpuKernel() {
		return kernel;
	}
}
