package org.genlock.api.playout;

/**
 * Why a recovery decision was taken, for telemetry.
 */
public enum RecoveryReason {
	/** No action. */
	NONE,
	/** Several consecutive frames displayed late. */
	LATE_STREAK,
	/** Several consecutive frames dropped. */
	DROP_STREAK,
	/** Scheduling is too close to the device clock. */
	LEAD_LOW,
	/** The ready queue is running dry (or overfull). */
	QUEUE_PRESSURE,
	/** The channel is healthy again; degraded state and extra headroom may be released. */
	RECOVERED
}
