/**
 * Shaders: a {@link org.genlock.api.shader.ShaderProvider} contributes one picture layer as
 * a GLSL fragment for the GL renderer and optionally a
 * {@link org.genlock.api.shader.CpuKernel} for the software renderer, with typed, ranged
 * {@link org.genlock.api.shader.ShaderParameter parameters}.
 *
 * <p>Colour is premultiplied RGBA throughout; layers composite "over" bottom to top. Pixel
 * coordinates have their origin at the top-left of the picture (row 0 is the first line in
 * the frame buffer) in both the GLSL and the CPU path, so the two paths agree.
 */
@Export
@Version("1.1.0")
package org.genlock.api.shader;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
