package org.genlock.api.render;

/**
 * How a renderer produces pixels.
 */
public enum RendererKind {
	/** On CPU threads, running {@link org.genlock.api.shader.CpuKernel}s. */
	CPU,
	/** On a GPU through OpenGL, running GLSL fragments, with readback into frame buffers. */
	GL
}
