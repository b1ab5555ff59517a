package org.genlock.render.gl.internal;

/** The stated GL-versus-CPU tolerance for zone plate and timecode pictures (bars must be identical). */
final class PixelTolerance {
	/** Largest per-channel difference, in 8-bit levels. */
	static final int MAX = 2;
	/** Largest mean per-channel difference over the frame, in 8-bit levels. */
	static final double MEAN = 0.2;

	private PixelTolerance() {}
}
