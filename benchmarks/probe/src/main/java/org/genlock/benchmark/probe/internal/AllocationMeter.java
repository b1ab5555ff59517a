package org.genlock.benchmark.probe.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes allocated by Genlock's threads (named {@code genlock-...}) between {@link #start} and
 * {@link #stop}, from HotSpot's per-thread allocation counters, grouped by thread role (the
 * name with channel ids and numbers folded, e.g. {@code genlock-*-completion}).
 */
final class AllocationMeter {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startBytes = new HashMap<>();

    AllocationMeter() {
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    void start() {
        startBytes.clear();
        for (Thread t : genlockThreads()) {
            startBytes.put(t.getId(), threads.getThreadAllocatedBytes(t.getId()));
        }
    }

    /** Bytes allocated since {@link #start}, per thread role (sorted). */
    Map<String, Long> stop() {
        Map<String, Long> byRole = new TreeMap<>();
        for (Thread t : genlockThreads()) {
            long now = threads.getThreadAllocatedBytes(t.getId());
            if (now < 0) {
                continue;
            }
            long delta = now - startBytes.getOrDefault(t.getId(), 0L);
            byRole.merge(role(t.getName()), delta, Long::sum);
        }
        return byRole;
    }

    static String role(String threadName) {
        // genlock-<channel>-completion, genlock-clock-1, genlock-render-software-3-worker-1, ...
        String[] parts = threadName.split("-");
        StringBuilder b = new StringBuilder("genlock");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            boolean known = p.equals("completion") || p.equals("producer") || p.equals("control")
                    || p.equals("events") || p.equals("snapshot") || p.equals("worker") || p.equals("render")
                    || p.equals("software") || p.equals("clock") || p.equals("decklink");
            b.append('-').append(known ? p : "*");
        }
        return b.toString();
    }

    private static Iterable<Thread> genlockThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("genlock-"))
                .toList();
    }
}
