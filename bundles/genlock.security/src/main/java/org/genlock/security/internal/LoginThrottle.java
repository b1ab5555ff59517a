package org.genlock.security.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows password guessing, per client. After {@value #FREE_FAILURES} failed logins in a row a
 * client waits {@value #FIRST_DELAY_MS} ms before its credentials are checked again, doubling
 * with each further failure up to {@value #MAX_DELAY_MS} ms; a successful login, or
 * {@value #FORGET_MINUTES} minutes without a failure, clears its record.
 *
 * <p>While a client waits, its attempts are answered at once with 429 and a Retry-After instead
 * of being checked: no Jetty thread sleeps, so a flood of guesses costs the server a map lookup
 * each and cannot exhaust the thread pool. A request without credentials (a browser asking
 * for them) is not an attempt.
 *
 * <p>Memory is bounded: at most {@value #MAX_CLIENTS} clients are remembered, the least
 * recently seen forgotten first. An attacker who cycles through more addresses than that only
 * makes the server forget its own earlier addresses; an IPv6 client counts as its /64, which
 * one host usually holds whole.
 *
 * <p>Logged at WARN with the client's address: the first failure of a run, the moment the client
 * starts to be throttled, then at most one summary a minute per client (written with its next
 * attempt); at INFO a success after failures. Across all clients WARN lines are limited further,
 * so cycling addresses cannot flood the log.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final long FIRST_DELAY_MS = 100;
    static final long MAX_DELAY_MS = 5_000;
    static final long FORGET_MINUTES = 15;
    static final int MAX_CLIENTS = 4096;
    static final int WARN_LINES_PER_MINUTE = 30;
    private static final long FORGET_MS = TimeUnit.MINUTES.toMillis(FORGET_MINUTES);
    private static final long SUMMARY_MS = TimeUnit.MINUTES.toMillis(1);

    /** Where the lines go: SLF4J in the platform, a list in unit tests. */
    interface Log {
        void warn(String line);

        void info(String line);
    }

    private static final class Client {
        int failures;
        long lastFailure;
        long blockedUntil;
        long lastReport;
        int failedSinceReport;
        int refusedSinceReport;
    }

    private final LongSupplier millis;
    private final Log log;
    private final LogLimiter warnings;
    private final Map<String, Client> clients = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    LoginThrottle(LongSupplier nanos, Log log) {
        this.millis = () -> TimeUnit.NANOSECONDS.toMillis(nanos.getAsLong());
        this.log = log;
        this.warnings = new LogLimiter(WARN_LINES_PER_MINUTE, nanos);
    }

    /** Milliseconds the client must still wait before its credentials are checked; 0: check now. */
    synchronized long penalty(String client) {
        Client c = clients.get(client);
        if (c == null) {
            return 0;
        }
        long now = millis.getAsLong();
        if (now - c.lastFailure >= FORGET_MS) {
            clients.remove(client);
            return 0;
        }
        long wait = c.blockedUntil - now;
        if (wait <= 0) {
            return 0;
        }
        c.refusedSinceReport++;
        summarise(client, c, now);
        return wait;
    }

    /** Records a failed login. */
    synchronized void failed(String client) {
        long now = millis.getAsLong();
        Client c = clients.get(client);
        if (c == null || now - c.lastFailure >= FORGET_MS) {
            c = new Client();
            clients.put(client, c);
        }
        c.failures++;
        c.lastFailure = now;
        if (c.failures >= FREE_FAILURES) {
            c.blockedUntil = now + delay(c.failures);
        }
        if (c.failures == 1) {
            c.lastReport = now;
            warn("Failed login from " + client + ": wrong user name or password");
        } else if (c.failures == FREE_FAILURES) {
            report(c, now);
            warn(FREE_FAILURES + " failed logins in a row from " + client + ": its attempts are now refused with 429 for "
                    + delay(c.failures) + " ms, doubling with each further failure up to " + MAX_DELAY_MS + " ms");
        } else {
            c.failedSinceReport++;
            summarise(client, c, now);
        }
    }

    /** Records a successful login, which clears the client's record. */
    synchronized void succeeded(String client) {
        Client c = clients.remove(client);
        if (c != null && c.failures > 0) {
            log.info("Login from " + client + " succeeded after " + c.failures + " failed attempt"
                    + (c.failures == 1 ? "" : "s"));
        }
    }

    /** How many clients are remembered (for tests). */
    synchronized int remembered() {
        return clients.size();
    }

    static long delay(int failures) {
        int doublings = failures - FREE_FAILURES;
        if (doublings < 0) {
            return 0;
        }
        return doublings >= 30 ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << doublings);
    }

    private void summarise(String client, Client c, long now) {
        if (now - c.lastReport < SUMMARY_MS) {
            return;
        }
        long seconds = TimeUnit.MILLISECONDS.toSeconds(now - c.lastReport);
        int failed = c.failedSinceReport;
        int refused = c.refusedSinceReport;
        report(c, now);
        warn(client + ": " + failed + " more failed login" + (failed == 1 ? "" : "s") + " and " + refused
                + " attempt" + (refused == 1 ? "" : "s") + " refused while throttled in the last " + seconds + " s ("
                + c.failures + " failures in a row, now waiting " + delay(c.failures) + " ms after each)");
    }

    private static void report(Client c, long now) {
        c.lastReport = now;
        c.failedSinceReport = 0;
        c.refusedSinceReport = 0;
    }

    private void warn(String line) {
        String note = warnings.admit();
        if (note != null) {
            log.warn(line + note);
        }
    }

    /**
     * The key a client is throttled by: its address, an IPv6 address as its /64 (one host
     * usually holds a whole /64 and could otherwise pick a fresh address for every guess).
     */
    static String clientKey(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.indexOf(':') < 0) {
            return String.valueOf(remoteAddr);
        }
        try {
            // A literal: no name lookup happens.
            InetAddress address = InetAddress.getByName(remoteAddr.startsWith("[") ? remoteAddr : "[" + remoteAddr + "]");
            if (!(address instanceof Inet6Address) || address.isLoopbackAddress()) {
                return address.getHostAddress();
            }
            byte[] b = address.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return remoteAddr;
        }
    }
}
