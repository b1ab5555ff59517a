package org.genlock.ops.internal;

import java.util.concurrent.TimeUnit;

/**
 * systemd's watchdog settings from the environment: ping at half of {@code $WATCHDOG_USEC},
 * as {@code sd_watchdog_enabled(3)} advises, unless {@code $WATCHDOG_PID} names another
 * process.
 *
 * @param intervalNanos how often to send {@code WATCHDOG=1}, or 0 for no watchdog
 */
record Watchdog(long intervalNanos) {

	static final Watchdog OFF = new Watchdog(0);

	/** From the values of {@code $WATCHDOG_USEC} and {@code $WATCHDOG_PID} (either may be null). */
	static Watchdog of(String usec, String pid, long ownPid) {
		if (usec == null || usec.isBlank()) {
			return OFF;
		}
		if (pid != null && !pid.isBlank() && !pid.strip().equals(Long.toString(ownPid))) {
			return OFF;
		}
		long micros;
		try {
			micros = Long.parseLong(usec.strip());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("WATCHDOG_USEC '" + usec + "' is not a whole number of microseconds");
		}
		if (micros <= 0) {
			throw new IllegalArgumentException("WATCHDOG_USEC '" + usec + "' must be more than 0");
		}
		return new Watchdog(TimeUnit.MICROSECONDS.toNanos(micros) / 2);
	}

	boolean enabled() {
		return intervalNanos > 0;
	}
}
