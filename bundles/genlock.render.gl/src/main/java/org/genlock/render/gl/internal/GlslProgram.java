package org.genlock.render.gl.internal;

import static org.lwjgl.opengl.GL20C.*;

import java.util.List;

import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.shader.support.ResolvedParameters;

/**
 * One shader's fragment compiled with the renderer's preamble and linked with the
 * full-screen vertex shader, with its uniform locations looked up once. Created, used and
 * deleted on the session's GL thread only; setting uniforms never allocates.
 */
final class GlslProgram {

	/**
	 * What every fragment is compiled after. The uniforms of {@code ShaderProvider.glslFragment()}
	 * plus Genlock extensions (announced by {@code GENLOCK_TIMECODE}) that a shader may use under
	 * {@code #ifdef}: the timecode label and rate, the drop-frame flag and the display index bits
	 * above {@code iFrame}.
	 */
	static final String PREAMBLE_HEAD = """
			#version 330 core
			precision highp float;
			precision highp int;
			#define GENLOCK_TIMECODE 1
			uniform vec2 iResolution;   // width, height in pixels
			uniform float iTime;        // seconds since display index 0, from the exact frame time
			uniform int iFrame;         // display index (low 31 bits)
			uniform int iFrameHigh;     // display index bits 31..61
			uniform int iTimecode;      // timecode label, frames since 00:00:00:00 (drop-frame numbering applied)
			uniform int iTimecodeRate;  // nominal frames per second of the timecode (25, 30, 60, ...)
			uniform bool iDropFrame;    // whether the timecode is drop-frame
			""";

	/** Calls the fragment for the pixel centre, row 0 at the top (GL row 0 is read back first). */
	static final String MAIN = """
			uniform float genlockOpacity;
			out vec4 genlockColor;
			void main() {
			    genlockColor = mainImage(gl_FragCoord.xy) * genlockOpacity;
			}
			""";

	/** A triangle covering the viewport, from gl_VertexID alone (no vertex buffers). */
	static final String VERTEX = """
			#version 330 core
			void main() {
			    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
			    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
			}
			""";

	final ShaderInfo info;
	final int program;
	private final int resolution;
	private final int time;
	private final int frame;
	private final int frameHigh;
	private final int timecode;
	private final int timecodeRate;
	private final int dropFrame;
	private final int opacity;
	private final int[] parameters;
	private final ParameterType[] types;

	private GlslProgram(ShaderInfo info, int program) {
		this.info = info;
		this.program = program;
		this.resolution = glGetUniformLocation(program, "iResolution");
		this.time = glGetUniformLocation(program, "iTime");
		this.frame = glGetUniformLocation(program, "iFrame");
		this.frameHigh = glGetUniformLocation(program, "iFrameHigh");
		this.timecode = glGetUniformLocation(program, "iTimecode");
		this.timecodeRate = glGetUniformLocation(program, "iTimecodeRate");
		this.dropFrame = glGetUniformLocation(program, "iDropFrame");
		this.opacity = glGetUniformLocation(program, "genlockOpacity");
		List<ShaderParameter> declared = info.parameters();
		this.parameters = new int[declared.size()];
		this.types = new ParameterType[declared.size()];
		for (int i = 0; i < parameters.length; i++) {
			parameters[i] = glGetUniformLocation(program, declared.get(i).name());
			types[i] = declared.get(i).type();
		}
	}

	/** The complete fragment shader source for a shader. */
	static String fragmentSource(ShaderInfo info, String fragment) {
		StringBuilder b = new StringBuilder(PREAMBLE_HEAD);
		for (ShaderParameter p : info.parameters()) {
			b.append("uniform ").append(p.type().glslType()).append(' ').append(p.name()).append(";\n");
		}
		// The shader's own line numbers in compiler messages: its first line is line 1.
		b.append("#line 1\n").append(fragment);
		if (!fragment.endsWith("\n")) {
			b.append('\n');
		}
		return b.append(MAIN).toString();
	}

	/**
	 * Compiles and links a shader's fragment.
	 *
	 * @param vertex the compiled vertex shader, shared by all programs
	 * @throws IllegalArgumentException with the GLSL compiler or linker log
	 */
	static GlslProgram build(ShaderInfo info, String fragment, int vertex) {
		int fs = glCreateShader(GL_FRAGMENT_SHADER);
		try {
			glShaderSource(fs, fragmentSource(info, fragment));
			glCompileShader(fs);
			if (glGetShaderi(fs, GL_COMPILE_STATUS) != GL_TRUE) {
				throw new IllegalArgumentException("GLSL compile error in shader " + info.id() + " " + info.version()
						+ ": " + glGetShaderInfoLog(fs).strip());
			}
			int program = glCreateProgram();
			glAttachShader(program, vertex);
			glAttachShader(program, fs);
			glLinkProgram(program);
			glDetachShader(program, vertex);
			glDetachShader(program, fs);
			if (glGetProgrami(program, GL_LINK_STATUS) != GL_TRUE) {
				String log = glGetProgramInfoLog(program).strip();
				glDeleteProgram(program);
				throw new IllegalArgumentException("GLSL link error in shader " + info.id() + " " + info.version()
						+ ": " + log);
			}
			return new GlslProgram(info, program);
		} finally {
			glDeleteShader(fs);
		}
	}

	/** Compiles the shared vertex shader. */
	static int vertexShader() {
		int vs = glCreateShader(GL_VERTEX_SHADER);
		glShaderSource(vs, VERTEX);
		glCompileShader(vs);
		if (glGetShaderi(vs, GL_COMPILE_STATUS) != GL_TRUE) {
			String log = glGetShaderInfoLog(vs);
			glDeleteShader(vs);
			throw new IllegalStateException("the renderer's vertex shader does not compile: " + log);
		}
		return vs;
	}

	/** Binds the program and sets the per-frame and per-layer uniforms. Never allocates. */
	void use(FrameValues f, float layerOpacity, ResolvedParameters values) {
		glUseProgram(program);
		glUniform2f(resolution, f.width, f.height);
		glUniform1f(time, f.timeSeconds);
		glUniform1i(frame, f.frameLow);
		glUniform1i(frameHigh, f.frameHigh);
		glUniform1i(timecode, f.timecodeLabel);
		glUniform1i(timecodeRate, f.timecodeRate);
		glUniform1i(dropFrame, f.dropFrame ? 1 : 0);
		glUniform1f(opacity, layerOpacity);
		for (int i = 0; i < parameters.length; i++) {
			int loc = parameters[i];
			if (loc < 0) {
				continue; // declared but unused: the compiler removed it
			}
			switch (types[i]) {
				case FLOAT -> glUniform1f(loc, (float) values.getDouble(i));
				case INT -> glUniform1i(loc, (int) values.getLong(i));
				case BOOL -> glUniform1i(loc, values.getBoolean(i) ? 1 : 0);
				case COLOR -> glUniform4f(loc, values.getComponent(i, 0), values.getComponent(i, 1),
						values.getComponent(i, 2), values.getComponent(i, 3));
				case VEC2 -> glUniform2f(loc, values.getComponent(i, 0), values.getComponent(i, 1));
				default -> throw new AssertionError(types[i]);
			}
		}
	}

	void delete() {
		glDeleteProgram(program);
	}

	/** The per-frame preamble values, written once per frame by the GL thread. */
	static final class FrameValues {
		float width;
		float height;
		float timeSeconds;
		int frameLow;
		int frameHigh;
		int timecodeLabel;
		int timecodeRate;
		boolean dropFrame;
	}
}
