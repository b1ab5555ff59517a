package org.genlock.telemetry.internal;

/** A channel's health verdict. */
enum Verdict {
    /** On air without impairments beyond the thresholds, or idle by request. */
    OK,
    /** Impaired: at least one threshold exceeded in the last 10 s, or the backend reports DEGRADED. */
    DEGRADED,
    /** The channel's state is FAILED. */
    FAILED
}
