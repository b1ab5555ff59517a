package org.genlock.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LogLimiterTest {

    @Test
    void aFewLinesAMinutePassAndTheNextOneSaysHowManyWereHeldBack() {
        long[] now = {0};
        LogLimiter limiter = new LogLimiter(2, () -> now[0]);
        assertEquals("", limiter.admit());
        assertEquals("", limiter.admit());
        assertNull(limiter.admit());
        assertNull(limiter.admit());
        now[0] += 60_000_000_000L;
        assertEquals(" (2 similar lines held back)", limiter.admit());
        assertEquals("", limiter.admit());
    }
}
