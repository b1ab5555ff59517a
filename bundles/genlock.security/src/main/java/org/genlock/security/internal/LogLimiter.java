package org.genlock.security.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a flood of requests from flooding the log: at most {@code limit} lines a minute pass;
 * the first line that passes after some were held back says how many.
 */
final class LogLimiter {

    private static final long WINDOW = TimeUnit.MINUTES.toNanos(1);

    private final int limit;
    private final LongSupplier nanos;
    private long windowStart;
    private int passed;
    private int heldBack;

    LogLimiter(int limit, LongSupplier nanos) {
        this.limit = limit;
        this.nanos = nanos;
        this.windowStart = nanos.getAsLong();
    }

    /** Null if this line is held back; otherwise a suffix for it ("" or the count held back). */
    synchronized String admit() {
        long now = nanos.getAsLong();
        if (now - windowStart >= WINDOW) {
            windowStart = now;
            passed = 0;
        }
        if (passed >= limit) {
            heldBack++;
            return null;
        }
        passed++;
        if (heldBack == 0) {
            return "";
        }
        String note = " (" + heldBack + " similar line" + (heldBack == 1 ? "" : "s") + " held back)";
        heldBack = 0;
        return note;
    }
}
