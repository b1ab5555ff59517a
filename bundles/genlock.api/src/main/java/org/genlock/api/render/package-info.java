/**
 * Rendering: a {@link org.genlock.api.render.Renderer} opens a
 * {@link org.genlock.api.render.RenderSession} per channel; the backend's render lane (a thread per session)
 * asks it to render a {@link org.genlock.api.render.Program} (immutable layers of shaders)
 * into pooled frame buffers ahead of time, and the renderer reports each frame through
 * {@link org.genlock.api.render.RenderCompletion}.
 *
 * <p>The per-frame request ({@link org.genlock.api.render.RenderRequest}) is a reused,
 * backend-owned object and the program is shared across frames, so the per-frame path
 * allocates nothing; replacing the program is a swap, not a per-frame cost.
 */
@Export
@Version("1.3.0")
package org.genlock.api.render;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
