package org.genlock.render.gl.internal;

import java.util.Locale;

import org.genlock.support.ConfigCheck;

/**
 * The renderer's validated configuration, swapped in as a whole.
 *
 * @param readbackDepth PBOs per session for asynchronous readback, 0..4; 0 reads back
 *                      synchronously into the target (right for llvmpipe)
 * @param platform      which EGL platform provides the headless display
 */
record Settings(int readbackDepth, Platform platform) {

	static final int MAX_DEPTH = 4;

	/** The EGL platform to open the display on. */
	enum Platform {
		/** Mesa's surfaceless platform ({@code EGL_PLATFORM_SURFACELESS_MESA}). */
		SURFACELESS,
		/** The first usable EGL device ({@code EGL_EXT_platform_device}). */
		DEVICE,
		/** Surfaceless, falling back to the device platform. */
		AUTO;

		String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	static Settings defaults() {
		return new Settings(0, Platform.AUTO);
	}

	/**
	 * Checks every value of a configuration.
	 *
	 * @throws org.genlock.support.ConfigRejected naming the first bad key, its value and what is
	 *                                            allowed
	 */
	static Settings from(GlRenderer.Config config) {
		ConfigCheck check = ConfigCheck.of(GlRenderer.PID);
		int depth = check.range("readback.depth", config.readback_depth(), 0, MAX_DEPTH);
		Platform platform = check.oneOf("platform", config.platform(), Platform.class);
		return new Settings(depth, platform);
	}
}
