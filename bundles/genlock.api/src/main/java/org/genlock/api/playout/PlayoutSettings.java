package org.genlock.api.playout;

/**
 * Buffer depths and recovery limits of a channel, from its {@link PlayoutPolicy}. Immutable.
 *
 * <h2>Where frames are</h2> Every pool slot is free, rendering, ready (rendered, waiting in
 * the ready queue) or scheduled (held by the device). The backend keeps
 * {@code prerollFrames} scheduled ahead of the device clock, at most
 * {@code maxReadyFrames} in the ready queue, at least one rendering, and
 * {@code minSpareDeviceBuffers} free slots in reserve so an underrun fill (black, slate, a
 * copy of the newest frame) never waits for a completion. Hence the invariant
 * <pre>
 * framePoolSize &gt;= prerollFrames + maxReadyFrames + 1 + minSpareDeviceBuffers
 * </pre>
 * A pool of exactly that size never starves; more slots give a pipelined renderer room.
 * Whether the device can hold {@code prerollFrames} is checked by the backend against
 * {@link org.genlock.api.device.DeviceInfo#maxBufferedFrames()}.
 *
 * <h2>Headroom</h2> The producer renders ahead to keep {@code targetReadyFrames} in the ready
 * queue. With {@code adaptiveHeadroom}, recovery decisions may raise that target (trading
 * latency for resilience) up to {@code maxHeadroomFrames}, and lower it back, never below
 * {@code targetReadyFrames}.
 *
 * @param framePoolSize         slots in the frame pool, 3..{@value #MAX_POOL_SIZE}
 * @param prerollFrames         frames scheduled before playback starts and kept scheduled
 *                              ahead while running, 1..{@value #MAX_DEPTH}
 * @param targetReadyFrames     ready-queue depth the producer aims for, 1..maxReadyFrames
 * @param maxReadyFrames        ready-queue capacity, 1..{@value #MAX_DEPTH}
 * @param minSpareDeviceBuffers free slots kept in reserve for underrun fills,
 *                              0..{@value #MAX_DEPTH}
 * @param maxCatchUpFrames      the most display indices one recovery decision may skip,
 *                              0..{@value #MAX_DEPTH} (0 disables catch-up)
 * @param adaptiveHeadroom      whether recovery may raise the ready target
 * @param maxHeadroomFrames     the highest ready target adaptive headroom may set,
 *                              targetReadyFrames..maxReadyFrames when adaptive, otherwise
 *                              0..maxReadyFrames (ignored)
 */
public record PlayoutSettings(int framePoolSize, int prerollFrames, int targetReadyFrames, int maxReadyFrames,
		int minSpareDeviceBuffers, int maxCatchUpFrames, boolean adaptiveHeadroom, int maxHeadroomFrames) {

	/** Largest accepted {@code framePoolSize}. */
	public static final int MAX_POOL_SIZE = 256;
	/** Largest accepted preroll, ready depth, spare count and catch-up. */
	public static final int MAX_DEPTH = 64;

	/**
	 * Defaults from the phase 7 measurements: 4 frames preroll, 2 ready (up to 4), 1 spare,
	 * catch-up of at most 2, no adaptive headroom, and a pool of 12 (10 needed, 2 for a
	 * pipelined renderer).
	 */
	public static final PlayoutSettings DEFAULTS = new PlayoutSettings(12, 4, 2, 4, 1, 2, false, 4);

	/**
	 * Validates each field and the invariants between them.
	 *
	 * @param framePoolSize slots in the frame pool, 3..{@value #MAX_POOL_SIZE}
	 * @param prerollFrames frames scheduled before playback starts and kept scheduled ahead while running, 1..{@value #MAX_DEPTH}
	 * @param targetReadyFrames ready-queue depth the producer aims for, 1..maxReadyFrames
	 * @param maxReadyFrames ready-queue capacity, 1..{@value #MAX_DEPTH}
	 * @param minSpareDeviceBuffers free slots kept in reserve for underrun fills, 0..{@value #MAX_DEPTH}
	 * @param maxCatchUpFrames the most display indices one recovery decision may skip, 0..{@value #MAX_DEPTH} (0 disables catch-up)
	 * @param adaptiveHeadroom whether recovery may raise the ready target
	 * @param maxHeadroomFrames the highest ready target adaptive headroom may set, targetReadyFrames..maxReadyFrames when adaptive, otherwise 0..maxReadyFrames (ignored)
	 * @throws IllegalArgumentException naming the field, the value and the allowed range
	 */
	public PlayoutSettings {
		range("prerollFrames", prerollFrames, 1, MAX_DEPTH);
		range("maxReadyFrames", maxReadyFrames, 1, MAX_DEPTH);
		range("targetReadyFrames", targetReadyFrames, 1, maxReadyFrames);
		range("minSpareDeviceBuffers", minSpareDeviceBuffers, 0, MAX_DEPTH);
		range("maxCatchUpFrames", maxCatchUpFrames, 0, MAX_DEPTH);
		int minimumPool = minimumPoolSize(prerollFrames, maxReadyFrames, minSpareDeviceBuffers);
		if (framePoolSize < minimumPool || framePoolSize > MAX_POOL_SIZE) {
			throw new IllegalArgumentException("PlayoutSettings.framePoolSize is " + framePoolSize + " but must be in "
					+ minimumPool + ".." + MAX_POOL_SIZE + ": the pool must hold prerollFrames + maxReadyFrames + 1 "
					+ "rendering + minSpareDeviceBuffers = " + prerollFrames + " + " + maxReadyFrames + " + 1 + "
					+ minSpareDeviceBuffers + " = " + minimumPool);
		}
		if (adaptiveHeadroom) {
			range("maxHeadroomFrames", maxHeadroomFrames, targetReadyFrames, maxReadyFrames);
		} else {
			range("maxHeadroomFrames", maxHeadroomFrames, 0, maxReadyFrames);
		}
	}

	private static void range(String field, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException("PlayoutSettings." + field + " is " + value + " but must be in " + min
					+ ".." + max);
		}
	}

	/**
	 * Returns the smallest pool that satisfies the invariant.
	 *
	 * @param prerollFrames         the preroll
	 * @param maxReadyFrames        the ready-queue capacity
	 * @param minSpareDeviceBuffers the spare reserve
	 * @return {@code prerollFrames + maxReadyFrames + 1 + minSpareDeviceBuffers}
	 */
	public static int minimumPoolSize(int prerollFrames, int maxReadyFrames, int minSpareDeviceBuffers) {
		return prerollFrames + maxReadyFrames + 1 + minSpareDeviceBuffers;
	}

	/**
	 * Returns the highest ready target recovery may set: {@code maxHeadroomFrames} with
	 * adaptive headroom, otherwise {@code targetReadyFrames}.
	 *
	 * @return the ceiling of the ready target
	 */
	public int readyTargetCeiling() {
		return adaptiveHeadroom ? maxHeadroomFrames : targetReadyFrames;
	}
}
