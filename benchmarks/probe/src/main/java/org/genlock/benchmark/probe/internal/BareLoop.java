package org.genlock.benchmark.probe.internal;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own pacing limit: a thread that does exactly what a pacing thread must (park
 * until shortly before a deadline, then spin) and nothing else, at the same rate and spin
 * margin as the clock device, measuring how late it wakes. Run next to the channel, it sees
 * the same load, so its percentiles are the floor for the device's.
 */
final class BareLoop {

    private final long periodNumerator;
    private final long periodDenominator;
    private final long spinNanos;
    private final long[] lateness;
    private volatile boolean running = true;
    private int count;
    private final Thread thread;

    /**
     * @param fpsNumerator   frame rate numerator (e.g. 60)
     * @param fpsDenominator frame rate denominator (e.g. 1)
     * @param spinNanos      spin margin before each deadline
     * @param capacity       the most wake-ups kept
     */
    BareLoop(long fpsNumerator, long fpsDenominator, long spinNanos, int capacity) {
        this.periodNumerator = 1_000_000_000L * fpsDenominator;
        this.periodDenominator = fpsNumerator;
        this.spinNanos = spinNanos;
        this.lateness = new long[capacity];
        this.thread = new Thread(this::run, "bench-bare-loop");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops and returns the sorted lateness values. */
    long[] stop() throws InterruptedException {
        running = false;
        thread.join();
        long[] copy = Arrays.copyOf(lateness, count);
        Arrays.sort(copy);
        return copy;
    }

    private void run() {
        long base = System.nanoTime();
        for (long k = 1; running && count < lateness.length; k++) {
            long deadline = base + k * periodNumerator / periodDenominator;
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                if (remaining > spinNanos) {
                    LockSupport.parkNanos(this, remaining - spinNanos);
                } else {
                    Thread.onSpinWait();
                }
            }
            lateness[count++] = System.nanoTime() - deadline;
        }
    }
}
