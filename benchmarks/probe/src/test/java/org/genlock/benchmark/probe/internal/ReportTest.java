package org.genlock.benchmark.probe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void markdownHasOneRowPerMeasureAndEndsWithTheSummary() {
        Report r = new Report();
        r.row("Throughput | x", "100 fps", "", "", ">= 2 x", false);
        r.row("Start-up", "900 ms", "", "", "<= 2500 ms", true);
        r.summary("SUMMARY a b");
        String md = r.markdown("T");
        List<String> lines = md.lines().toList();
        assertEquals("SUMMARY a b", lines.get(lines.size() - 1));
        assertTrue(md.contains("| Throughput \\| x | 100 fps | — | — | >= 2 x | **no** |"), md);
        assertTrue(md.contains("| Start-up | 900 ms | — | — | <= 2500 ms | yes |"), md);
    }

    @Test
    void jsonEscapesAndWritesNaNAsNull() {
        Report r = new Report();
        r.section("a").put("text", "say \"hi\"\n");
        r.section("a").put("nan", Double.NaN);
        r.section("a").put("list", List.of(1, 2));
        r.section("a").put("map", Map.of("k", 1.5));
        String json = r.json();
        assertTrue(json.contains("\"text\": \"say \\\"hi\\\"\\n\""), json);
        assertTrue(json.contains("\"nan\": null"), json);
        assertTrue(json.contains("\"list\": [1, 2]"), json);
        assertTrue(json.contains("\"k\": 1.500"), json);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) {
            v[i] = (i + 1) * 1000L;
        }
        Percentiles p = Percentiles.of(v);
        assertEquals(50.0, p.p50Micros());
        assertEquals(99.0, p.p99Micros());
        assertEquals(100.0, p.maxMicros());
        assertTrue(Double.isNaN(Percentiles.of(new long[0]).p99Micros()));
    }

    @Test
    void threadRolesFoldChannelsAndNumbers() {
        assertEquals("genlock-*-completion", AllocationMeter.role("genlock-ch1-completion"));
        assertEquals("genlock-clock-*", AllocationMeter.role("genlock-clock-3"));
        assertEquals("genlock-clock-*-snapshot", AllocationMeter.role("genlock-clock-1-snapshot"));
        assertEquals("genlock-render-software-*-worker-*", AllocationMeter.role("genlock-render-software-12-worker-1"));
        assertEquals("genlock-*-render-software-*", AllocationMeter.role("genlock-ch1-render-software-2"));
        assertTrue(Bench.hotPath("genlock-*-render-software-*"));
        assertTrue(Bench.hotPath("genlock-clock-*"));
        assertFalse(Bench.hotPath("genlock-clock-*-snapshot"));
        assertFalse(Bench.hotPath("genlock-*-events"));
    }

    @Test
    void peerLookupFollowsPath() {
        assertTrue(Peers.onPath("sh"));
        assertFalse(Peers.onPath("genlock-no-such-peer-executable"));
    }
}
