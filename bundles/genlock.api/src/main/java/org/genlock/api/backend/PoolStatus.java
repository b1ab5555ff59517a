package org.genlock.api.backend;

/**
 * A snapshot of a channel's frame pool accounting. Immutable.
 *
 * <p>Every slot is in exactly one state, so {@code free + rendering + ready + scheduled +
 * parked == size} must hold. The constructor does <em>not</em> enforce it: a snapshot that
 * violates it is exactly what telemetry must be able to report. Check
 * {@link #invariantHolds()}.
 *
 * @param size      slots in the pool, {@code >= 0}
 * @param free      slots available for rendering or fills
 * @param rendering slots lent to the renderer
 * @param ready     rendered slots waiting in the ready queue
 * @param scheduled slots held by the device
 * @param parked    slots withdrawn because the device or a vanished renderer may still
 *                  touch their memory; never reused
 */
public record PoolStatus(int size, int free, int rendering, int ready, int scheduled, int parked) {

	/**
	 * Validates that no count is negative.
	 *
	 * @param size slots in the pool, {@code >= 0}
	 * @param free slots available for rendering or fills
	 * @param rendering slots lent to the renderer
	 * @param ready rendered slots waiting in the ready queue
	 * @param scheduled slots held by the device
	 * @param parked slots withdrawn because the device or a vanished renderer may still touch their memory; never reused
	 * @throws IllegalArgumentException naming the negative count
	 */
	public PoolStatus {
		nonNegative("size", size);
		nonNegative("free", free);
		nonNegative("rendering", rendering);
		nonNegative("ready", ready);
		nonNegative("scheduled", scheduled);
		nonNegative("parked", parked);
	}

	private static void nonNegative(String field, int value) {
		if (value < 0) {
			throw new IllegalArgumentException("PoolStatus." + field + " is " + value + " but must be >= 0");
		}
	}

	/**
	 * Returns whether every slot is accounted for exactly once.
	 *
	 * @return {@code free + rendering + ready + scheduled + parked == size}
	 */
	public boolean invariantHolds() {
		return (long) free + rendering + ready + scheduled + parked == size;
	}
}
