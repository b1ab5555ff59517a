package org.genlock.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    long now = TimeUnit.HOURS.toNanos(1);
    final List<String> warnings = new ArrayList<>();
    final List<String> infos = new ArrayList<>();
    final LoginThrottle throttle = new LoginThrottle(() -> now, new LoginThrottle.Log() {
        @Override
        public void warn(String line) {
            warnings.add(line);
        }

        @Override
        public void info(String line) {
            infos.add(line);
        }
    });

    void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void theFirstFailuresAreFreeThenTheDelayDoublesUpToItsCap() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("10.0.0.1");
            assertEquals(0, throttle.penalty("10.0.0.1"), "failure " + (i + 1) + " is free");
        }
        long expected = LoginThrottle.FIRST_DELAY_MS;
        for (int i = 0; i < 12; i++) {
            throttle.failed("10.0.0.1");
            assertEquals(expected, throttle.penalty("10.0.0.1"));
            advance(expected);
            assertEquals(0, throttle.penalty("10.0.0.1"), "the penalty has passed");
            expected = Math.min(expected * 2, LoginThrottle.MAX_DELAY_MS);
        }
        assertEquals(LoginThrottle.MAX_DELAY_MS, LoginThrottle.delay(1_000_000));
    }

    @Test
    void aSuccessClearsTheRecordAndOtherClientsAreNotAffected() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("10.0.0.1");
        }
        assertTrue(throttle.penalty("10.0.0.1") > 0);
        assertEquals(0, throttle.penalty("10.0.0.2"));
        advance(LoginThrottle.MAX_DELAY_MS);
        throttle.succeeded("10.0.0.1");
        assertEquals(List.of("Login from 10.0.0.1 succeeded after 8 failed attempts"), infos);
        throttle.failed("10.0.0.1");
        assertEquals(0, throttle.penalty("10.0.0.1"), "one failure after a success is free again");
    }

    @Test
    void aRecordIsForgottenAfterQuietMinutes() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("10.0.0.1");
        }
        advance(TimeUnit.MINUTES.toMillis(LoginThrottle.FORGET_MINUTES));
        assertEquals(0, throttle.penalty("10.0.0.1"));
        assertEquals(0, throttle.remembered());
    }

    @Test
    void failuresAreLoggedWithTheAddressOnceThenAsASummaryAMinute() {
        throttle.failed("10.0.0.1");
        assertEquals(List.of("Failed login from 10.0.0.1: wrong user name or password"), warnings);
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1");
        }
        throttle.failed("10.0.0.1");
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(1).startsWith("5 failed logins in a row from 10.0.0.1"), warnings.get(1));
        for (int i = 0; i < 500; i++) {
            if (throttle.penalty("10.0.0.1") == 0) {
                throttle.failed("10.0.0.1");
            }
            advance(10);
        }
        assertEquals(2, warnings.size(), "no line per attempt");
        advance(TimeUnit.MINUTES.toMillis(1));
        throttle.failed("10.0.0.1");
        assertEquals(3, warnings.size());
        assertTrue(warnings.get(2).startsWith("10.0.0.1: ") && warnings.get(2).contains("refused while throttled"),
                warnings.get(2));
    }

    @Test
    void cyclingAddressesNeitherGrowsMemoryNorFloodsTheLog() {
        for (int i = 0; i < 100_000; i++) {
            throttle.failed("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
        }
        assertEquals(LoginThrottle.MAX_CLIENTS, throttle.remembered());
        assertEquals(LoginThrottle.WARN_LINES_PER_MINUTE, warnings.size());
        advance(TimeUnit.MINUTES.toMillis(1));
        throttle.failed("192.168.0.1");
        assertTrue(warnings.get(warnings.size() - 1).endsWith("similar lines held back)"), warnings.get(warnings.size() - 1));
    }

    @Test
    void anIpv6ClientCountsAsItsSlash64() {
        assertEquals("2001:db8:1:2::/64", LoginThrottle.clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:1:2::/64", LoginThrottle.clientKey("[2001:db8:1:2::1]"));
        assertEquals("0:0:0:0:0:0:0:1", LoginThrottle.clientKey("0:0:0:0:0:0:0:1"));
        assertEquals("192.0.2.7", LoginThrottle.clientKey("192.0.2.7"));
    }
}
