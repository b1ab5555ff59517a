package org.genlock.render.software.internal;

import org.genlock.support.ConfigCheck;

/**
 * The renderer's validated configuration, swapped in as a whole.
 *
 * @param threads    render threads per session including the producer thread, 1..64
 * @param bandHeight the smallest band in rows, 16..1080
 */
record Settings(int threads, int bandHeight) {

	static final int MAX_THREADS = 64;
	static final int MIN_BAND = 16;
	static final int MAX_BAND = 1080;
	static final int DEFAULT_BAND = 32;

	/** The defaults: one thread per available processor (at most 64), bands of at least 32 rows. */
	static Settings defaults() {
		return new Settings(autoThreads(), DEFAULT_BAND);
	}

	private static int autoThreads() {
		return Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Checks every value of a configuration.
	 *
	 * @throws org.genlock.support.ConfigRejected naming the first bad key, its value and what
	 *                                            is allowed
	 */
	static Settings from(SoftwareRenderer.Config config) {
		ConfigCheck check = ConfigCheck.of(SoftwareRenderer.PID);
		int threads = check.range("threads", config.threads(), 0, MAX_THREADS);
		int band = check.range("band.height", config.band_height(), MIN_BAND, MAX_BAND);
		return new Settings(threads == 0 ? autoThreads() : threads, band);
	}
}
