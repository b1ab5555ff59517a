/**
 * Audio sources: providers that generate a channel's sound, composed in its
 * {@link org.genlock.api.render.Program#audio() program} like shaders compose its picture.
 *
 * <h2>The model</h2> Every frame carries 48 kHz PCM (see
 * {@link org.genlock.api.frame.AudioBuffer}). Sample time is a pure function of the display
 * index ({@link org.genlock.api.video.FrameTime#audioSampleOffset(long, int)}), and an
 * {@link org.genlock.api.audio.AudioKernel} is a pure function of (parameters, absolute sample
 * number): the backend can generate any frame's audio on any thread, in any order. That is
 * why audio stays continuous across policy, strategy and renderer swaps, and why the fade
 * out of an underrun is the true continuation of the signal.
 *
 * <h2>Threads</h2> The backend calls kernels on a channel's completion worker thread, once
 * per aired frame per audio layer: a kernel must not block, lock or allocate. Parameters are
 * resolved once per program change, like shader parameters.
 */
@Export
@Version("1.0.0")
package org.genlock.api.audio;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
