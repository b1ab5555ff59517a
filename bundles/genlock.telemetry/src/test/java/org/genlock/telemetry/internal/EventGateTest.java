package org.genlock.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class EventGateTest {

    @Test
    void atMostNPerIntervalAndTheCountsAddUpToEveryOccurrence() {
        Random random = new Random(3);
        EventGate gate = new EventGate(2, 1000);
        long occurred = 0;
        long reported = 0;
        long[] perWindow = new long[200];
        for (long now = 0; now < 100_000; now += 50) {
            if (random.nextInt(3) == 0) {
                long n = 1 + random.nextInt(4);
                gate.add(n, Map.of("at", now));
                occurred += n;
            }
            Map<String, Object> event = gate.poll(now);
            if (event != null) {
                reported += (Long) event.get(EventGate.COUNT);
                perWindow[(int) (now / 1000)]++;
            }
        }
        for (long now = 100_000; gate.pending() > 0; now += 50) {
            Map<String, Object> event = gate.poll(now);
            if (event != null) {
                reported += (Long) event.get(EventGate.COUNT);
            }
        }
        assertEquals(occurred, reported);
        for (long n : perWindow) {
            // Gate windows start at an event, so a fixed 1000-unit slot overlaps at most two of them.
            assertEquals(true, n <= 4, "events in one slot: " + n);
        }
    }

    @Test
    void theLatestPropertiesGoOutAndNothingPendingIsNoEvent() {
        EventGate gate = new EventGate(1, 1000);
        assertNull(gate.poll(0));
        gate.add(1, Map.of("v", "a"));
        assertEquals(Map.of("v", "a", EventGate.COUNT, 1L), gate.poll(0));
        gate.add(1, Map.of("v", "b"));
        gate.add(2, Map.of("v", "c"));
        assertNull(gate.poll(999));
        assertEquals(Map.of("v", "c", EventGate.COUNT, 3L), gate.poll(1000));
        assertNull(gate.poll(5000));
        assertThrows(IllegalArgumentException.class, () -> new EventGate(0, 1));
    }
}
