package org.genlock.telemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.backend.RenderFeedStatus;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.playout.FrameOutcome;
import org.junit.jupiter.api.Test;

class ExpositionTest {

    static ChannelSnapshot known() {
        ChannelStatus status = new ChannelStatus("a\"1", BackendState.DEGRADED, null, "clock", "software", "standard",
                "repeat", 500, new FrameCounters(480, 470, 6, 3, 1, 2, 4, 20, 0, 12), 3, 4, 8,
                new PoolStatus(12, 5, 1, 3, 3, 0), Instant.EPOCH, new EngineCounters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
                new RenderFeedStatus("software", "gl", 4_500_000, 2, "gl delivered nothing for 500 ms",
                        Instant.ofEpochSecond(1_700_000_000)), null, 80_000_000,
                new ReferenceStatus(true, true, "1080p50"));
        Map<String, Long> frames = Map.of("fresh", 470L, "repeat", 6L, "black", 3L, "slate", 1L, "skip", 2L);
        Map<String, Long> completions = Map.of("completed", 456L, "late", 4L, "dropped", 20L, "flushed", 0L);
        Quantiles render = new Quantiles(470, 0.004, 0.006, 0.009, 0.012);
        Quantiles lateness = new Quantiles(460, 0.0, 0.001, 0.025, 0.03);
        List<WindowStats> windows = List.of(
                new WindowStats(10, frames, completions, 12, 3.0, 4, render, lateness),
                new WindowStats(60, frames, completions, 12, 3.0, 4, render, lateness),
                new WindowStats(600, frames, completions, 12, 3.0, 4, null, null));
        return new ChannelSnapshot("a\"1", status, new Health(Verdict.DEGRADED, List.of("20 dropped frames in last 10 s")),
                windows, 456, 0, 2, 1, 3,
                List.of(new org.genlock.api.tap.TapStatus("srt1", "reconnecting: Connection refused", 400, 12, 1,
                        "Connection refused")),
                new org.genlock.api.backend.AudioStatus(2,
                        List.of(new org.genlock.api.backend.AudioStatus.Level(1, -18.0, -17.99),
                                new org.genlock.api.backend.AudioStatus.Level(2, Double.NEGATIVE_INFINITY,
                                        Double.NEGATIVE_INFINITY)),
                        List.of(new org.genlock.api.backend.AudioStatus.Loudness("1/2", -21.0, -21.5, -22.25)), 500, 1,
                        2));
    }

    /** The channels' families in Prometheus text 0.0.4, as the client's writer puts them. */
    static String text(List<ChannelSnapshot> channels) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, ChannelMetrics.snapshots(channels));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prometheusTextOfAKnownState() throws IOException {
        String text = text(List.of(known()));
        String expected = """
                # HELP genlock_abandoned_renders_total Renders given up past the render budget.
                # TYPE genlock_abandoned_renders_total counter
                genlock_abandoned_renders_total{channel="a\\"1"} 4.0
                # HELP genlock_audio_channels Embedded audio channels every frame carries (0: none).
                # TYPE genlock_audio_channels gauge
                genlock_audio_channels{channel="a\\"1"} 2.0
                # HELP genlock_audio_clipped_samples_total Samples clipped at full scale when the mix was quantised.
                # TYPE genlock_audio_clipped_samples_total counter
                genlock_audio_clipped_samples_total{channel="a\\"1"} 2.0
                # HELP genlock_audio_loudness_lufs Loudness per ITU-R BS.1770-4 / EBU R128 of each programme group (a stereo pair or 5.1), LUFS.
                # TYPE genlock_audio_loudness_lufs gauge
                genlock_audio_loudness_lufs{channel="a\\"1",group="1/2",window="integrated"} -22.25
                genlock_audio_loudness_lufs{channel="a\\"1",group="1/2",window="momentary"} -21.0
                genlock_audio_loudness_lufs{channel="a\\"1",group="1/2",window="short"} -21.5
                # HELP genlock_audio_peak_dbfs Peak level of each audio channel over the last 400 ms, dBFS (kind: sample, or true peak per BS.1770-4).
                # TYPE genlock_audio_peak_dbfs gauge
                genlock_audio_peak_dbfs{audio_channel="1",channel="a\\"1",kind="sample"} -18.0
                genlock_audio_peak_dbfs{audio_channel="1",channel="a\\"1",kind="true"} -17.99
                genlock_audio_peak_dbfs{audio_channel="2",channel="a\\"1",kind="sample"} -Inf
                genlock_audio_peak_dbfs{audio_channel="2",channel="a\\"1",kind="true"} -Inf
                # HELP genlock_audio_source_errors_total Audio source failures (that layer was silent for that frame).
                # TYPE genlock_audio_source_errors_total counter
                genlock_audio_source_errors_total{channel="a\\"1"} 1.0
                # HELP genlock_channel_state 1 for the channel's current lifecycle state.
                # TYPE genlock_channel_state gauge
                genlock_channel_state{channel="a\\"1",state="CONFIGURED"} 0.0
                genlock_channel_state{channel="a\\"1",state="CONFIGURING"} 0.0
                genlock_channel_state{channel="a\\"1",state="DEGRADED"} 1.0
                genlock_channel_state{channel="a\\"1",state="DISCOVERED"} 0.0
                genlock_channel_state{channel="a\\"1",state="DISCOVERING"} 0.0
                genlock_channel_state{channel="a\\"1",state="FAILED"} 0.0
                genlock_channel_state{channel="a\\"1",state="PREROLLING"} 0.0
                genlock_channel_state{channel="a\\"1",state="RUNNING"} 0.0
                genlock_channel_state{channel="a\\"1",state="STOPPED"} 0.0
                genlock_channel_state{channel="a\\"1",state="STOPPING"} 0.0
                genlock_channel_state{channel="a\\"1",state="UNINITIALIZED"} 0.0
                # HELP genlock_completions_total Device completions by result.
                # TYPE genlock_completions_total counter
                genlock_completions_total{channel="a\\"1",result="completed"} 456.0
                genlock_completions_total{channel="a\\"1",result="dropped"} 20.0
                genlock_completions_total{channel="a\\"1",result="flushed"} 0.0
                genlock_completions_total{channel="a\\"1",result="late"} 4.0
                # HELP genlock_frames_total Frames by what aired (skip: nothing scheduled).
                # TYPE genlock_frames_total counter
                genlock_frames_total{channel="a\\"1",outcome="black"} 3.0
                genlock_frames_total{channel="a\\"1",outcome="fresh"} 470.0
                genlock_frames_total{channel="a\\"1",outcome="repeat"} 6.0
                genlock_frames_total{channel="a\\"1",outcome="skip"} 2.0
                genlock_frames_total{channel="a\\"1",outcome="slate"} 1.0
                # HELP genlock_health 1 for the channel's current health verdict.
                # TYPE genlock_health gauge
                genlock_health{channel="a\\"1",verdict="DEGRADED"} 1.0
                genlock_health{channel="a\\"1",verdict="FAILED"} 0.0
                genlock_health{channel="a\\"1",verdict="OK"} 0.0
                # HELP genlock_late_renders_total Frames rendered after their display index had been scheduled (they could not air).
                # TYPE genlock_late_renders_total counter
                genlock_late_renders_total{channel="a\\"1"} 3.0
                # HELP genlock_output_latency_seconds Preroll times the frame duration: how far ahead of the frame on air the device is fed.
                # TYPE genlock_output_latency_seconds gauge
                genlock_output_latency_seconds{channel="a\\"1"} 0.08
                # HELP genlock_plugin_errors_total Policy or strategy calls that threw (the built-in rule or black was used).
                # TYPE genlock_plugin_errors_total counter
                genlock_plugin_errors_total{channel="a\\"1"} 10.0
                # HELP genlock_pool_slots Frame pool slots by state.
                # TYPE genlock_pool_slots gauge
                genlock_pool_slots{channel="a\\"1",state="free"} 5.0
                genlock_pool_slots{channel="a\\"1",state="parked"} 0.0
                genlock_pool_slots{channel="a\\"1",state="ready"} 3.0
                genlock_pool_slots{channel="a\\"1",state="rendering"} 1.0
                genlock_pool_slots{channel="a\\"1",state="scheduled"} 3.0
                # HELP genlock_ready_capacity Capacity of the ready queue.
                # TYPE genlock_ready_capacity gauge
                genlock_ready_capacity{channel="a\\"1"} 8.0
                # HELP genlock_ready_depth Frames in the ready queue.
                # TYPE genlock_ready_depth gauge
                genlock_ready_depth{channel="a\\"1"} 3.0
                # HELP genlock_ready_drops_total Ready frames dropped by the ready queue (overflow, capacity shrink, index passed).
                # TYPE genlock_ready_drops_total counter
                genlock_ready_drops_total{channel="a\\"1"} 7.0
                # HELP genlock_ready_target Ready depth the producer aims for now (with adaptive headroom).
                # TYPE genlock_ready_target gauge
                genlock_ready_target{channel="a\\"1"} 4.0
                # HELP genlock_reference_locked 1 when the device's output is locked to its reference input; absent without a reference input.
                # TYPE genlock_reference_locked gauge
                genlock_reference_locked{channel="a\\"1"} 1.0
                # HELP genlock_refused_completions_total Device completions refused because the completion ring was full.
                # TYPE genlock_refused_completions_total counter
                genlock_refused_completions_total{channel="a\\"1"} 8.0
                # HELP genlock_refused_schedules_total Frames the device refused to schedule.
                # TYPE genlock_refused_schedules_total counter
                genlock_refused_schedules_total{channel="a\\"1"} 5.0
                # HELP genlock_render_failures_total Render requests the renderer reported failed.
                # TYPE genlock_render_failures_total counter
                genlock_render_failures_total{channel="a\\"1"} 1.0
                # HELP genlock_render_feed_seconds Smoothed time from render request to rendered frame of the on-air renderer (absent before the first).
                # TYPE genlock_render_feed_seconds gauge
                genlock_render_feed_seconds{channel="a\\"1"} 0.0045
                # HELP genlock_render_lead_frames Display indices ahead of the next one to schedule that the channel aims each render at.
                # TYPE genlock_render_lead_frames gauge
                genlock_render_lead_frames{channel="a\\"1"} 2.0
                # HELP genlock_renderer_fallback_timestamp_seconds Unix time of the last automatic renderer fallback (absent if none happened).
                # TYPE genlock_renderer_fallback_timestamp_seconds gauge
                genlock_renderer_fallback_timestamp_seconds{channel="a\\"1"} 1.7E9
                # HELP genlock_renderer_fallbacks_total Automatic replacements of the on-air renderer because it stopped delivering.
                # TYPE genlock_renderer_fallbacks_total counter
                genlock_renderer_fallbacks_total{channel="a\\"1"} 11.0
                # HELP genlock_renderer_on_air 1 for the renderer whose frames air now.
                # TYPE genlock_renderer_on_air gauge
                genlock_renderer_on_air{channel="a\\"1",renderer="software"} 1.0
                # HELP genlock_renderer_on_probation 1 for the selected renderer that has not yet delivered a frame in time (it does not air yet).
                # TYPE genlock_renderer_on_probation gauge
                genlock_renderer_on_probation{channel="a\\"1",renderer="gl"} 1.0
                # HELP genlock_stale_completions_total Completions for frames the pool did not consider scheduled.
                # TYPE genlock_stale_completions_total counter
                genlock_stale_completions_total{channel="a\\"1"} 9.0
                # HELP genlock_stale_renders_total Render reports ignored: for a reclaimed, reused or foreign target, or from a retired session.
                # TYPE genlock_stale_renders_total counter
                genlock_stale_renders_total{channel="a\\"1"} 2.0
                # HELP genlock_starved_fills_total Underrun fills that found no free pool slot (the display index was skipped).
                # TYPE genlock_starved_fills_total counter
                genlock_starved_fills_total{channel="a\\"1"} 6.0
                # HELP genlock_tap_errors_total Exceptions thrown by a tap's open or frame.
                # TYPE genlock_tap_errors_total counter
                genlock_tap_errors_total{channel="a\\"1",tap="srt1"} 1.0
                # HELP genlock_tap_frames_total Aired frames by what became of them at each tap (dropped: the tap was too slow).
                # TYPE genlock_tap_frames_total counter
                genlock_tap_frames_total{channel="a\\"1",outcome="delivered",tap="srt1"} 400.0
                genlock_tap_frames_total{channel="a\\"1",outcome="dropped",tap="srt1"} 12.0
                # HELP genlock_tap_state 1 for each tap with its state (the first word of the tap's state text).
                # TYPE genlock_tap_state gauge
                genlock_tap_state{channel="a\\"1",state="reconnecting",tap="srt1"} 1.0
                # HELP genlock_underruns_total Display indices with no fresh frame ready.
                # TYPE genlock_underruns_total counter
                genlock_underruns_total{channel="a\\"1"} 12.0
                """;
        assertEquals(expected, text);
    }

    @Test
    void tapStateLabelIsTheFirstWordOfTheStateText() {
        assertEquals("reconnecting", ChannelMetrics.tapState("reconnecting: Connection refused"));
        assertEquals("reconnecting", ChannelMetrics.tapState("reconnecting (attempt 3): Connection refused"));
        assertEquals("failed", ChannelMetrics.tapState("failed: cannot run ffmpeg"));
        assertEquals("streaming", ChannelMetrics.tapState("streaming"));
        assertEquals("unknown", ChannelMetrics.tapState(""));
    }

    @Test
    void aChannelNotPolledYetHasOnlyWindowAndHealthSamples() throws IOException {
        ChannelSnapshot k = known();
        ChannelSnapshot unpolled = new ChannelSnapshot("b", null, Health.OK, k.windows(), 0, 0, 0, 0, 0);
        String text = text(List.of(unpolled));
        assertTrue(!text.contains("genlock_frames_total{"), text);
        assertTrue(text.contains("genlock_health{channel=\"b\",verdict=\"OK\"} 1.0\n"), text);
    }

    @Test
    void jsonShapeOfOneChannelAndOfAll() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode one = mapper.readTree(HealthJson.one(known()));
        assertEquals("a\"1", one.get("channel").asText());
        assertEquals("DEGRADED", one.get("state").asText());
        assertEquals("DEGRADED", one.get("verdict").asText());
        assertEquals("20 dropped frames in last 10 s", one.get("reasons").get(0).asText());
        assertEquals(20, one.get("counters").get("dropped").asLong());
        assertEquals(12, one.get("pool").get("size").asInt());
        assertTrue(one.get("reference").get("locked").asBoolean());
        assertEquals("1080p50", one.get("reference").get("detectedFormat").asText());
        assertEquals(4, one.get("readyTarget").asInt());
        assertEquals(8, one.get("readyCapacity").asInt());
        assertTrue(one.has("failureReason") && one.get("failureReason").isNull());
        assertEquals(80.0, one.get("outputLatencyMillis").asDouble());
        assertEquals(1, one.get("engine").get("renderFailures").asLong());
        assertEquals(11, one.get("engine").get("rendererFallbacks").asLong());
        assertEquals("software", one.get("render").get("onAir").asText());
        assertEquals("gl", one.get("render").get("candidate").asText());
        assertEquals(4.5, one.get("render").get("renderMillis").asDouble());
        assertEquals(2, one.get("render").get("leadFrames").asInt());
        assertEquals("gl delivered nothing for 500 ms", one.get("render").get("fallbackReason").asText());
        assertEquals("2023-11-14T22:13:20Z", one.get("render").get("fallbackTime").asText());
        assertEquals(List.of("10s", "1m", "10m"), iterable(one.get("windows").fieldNames()));
        JsonNode tenSeconds = one.get("windows").get("10s");
        assertEquals(20, tenSeconds.get("completions").get("dropped").asLong());
        assertEquals(470, tenSeconds.get("frames").get("fresh").asLong());
        assertEquals(0.009, tenSeconds.get("renderSeconds").get("p99").asDouble(), 1e-12);
        assertEquals(4, tenSeconds.get("readyDepth").get("max").asInt());
        assertTrue(one.get("windows").get("10m").get("renderSeconds") == null, "no quantiles beyond 1 min");
        assertEquals(2, one.get("observations").get("swaps").asLong());
        assertEquals(0, one.get("frameLogOverruns").asLong());
        JsonNode tap = one.get("taps").get(0);
        assertEquals("srt1", tap.get("tapId").asText());
        assertEquals("reconnecting: Connection refused", tap.get("state").asText());
        assertEquals(400, tap.get("delivered").asLong());
        assertEquals(12, tap.get("dropped").asLong());

        JsonNode all = mapper.readTree(HealthJson.all(List.of(known())));
        assertEquals(1, all.get("channels").size());
        assertEquals("a\"1", all.get("channels").get(0).get("channel").asText());
    }

    @Test
    void routingAnswersKnownAndUnknownChannels() throws Exception {
        HealthTelemetry telemetry = new HealthTelemetry(() -> 0L, () -> 0L, s -> {});
        telemetry.bindBackend(new Fakes.Backend("ch1"));
        telemetry.bindBackend(new Fakes.Backend("ch2"));
        ObjectMapper mapper = new ObjectMapper();

        for (String all : new String[] { null, "/" }) {
            HealthApiServlet.Answer answer = HealthApiServlet.answer(telemetry, "/api/health", all, null);
            assertEquals(200, answer.status());
            assertEquals(2, mapper.readTree(answer.body()).get("channels").size());
        }

        HealthApiServlet.Answer one = HealthApiServlet.answer(telemetry, "/api/health", "/ch2", null);
        assertEquals(200, one.status());
        assertEquals("ch2", mapper.readTree(one.body()).get("channel").asText());

        // The form the Web Console's API servlet forwards by name: original paths kept.
        HealthApiServlet.Answer forwarded = HealthApiServlet.answer(telemetry, "/api/channels", "/ch2/health", null);
        assertEquals(200, forwarded.status());
        assertEquals(one.body(), forwarded.body());

        for (String[] path : new String[][] { { "/api/health", "/nope" }, { "/api/channels", "/nope/health" },
                { "/api/health", "/nope/series" } }) {
            HealthApiServlet.Answer unknown = HealthApiServlet.answer(telemetry, path[0], path[1], null);
            assertEquals(404, unknown.status(), path[1]);
            JsonNode error = mapper.readTree(unknown.body());
            assertEquals("unknown channel 'nope'; known channels: ch1, ch2", error.get("error").asText());
            assertEquals(404, error.get("status").asInt());
            assertEquals("[\"ch1\",\"ch2\"]", error.get("allowed").toString());
        }

        for (String[] path : new String[][] { { "/api/channels", "/ch1/other" }, { "/api/channels", null },
                { "/api/health", "/ch1/other" }, { "/api/health", "/ch1/series/x" }, { "/api/health", "//series" } }) {
            HealthApiServlet.Answer answer = HealthApiServlet.answer(telemetry, path[0], path[1], null);
            assertEquals(404, answer.status(), path[0] + path[1]);
            assertTrue(mapper.readTree(answer.body()).get("error").asText()
                    .endsWith("use /genlock/api/health, /genlock/api/health/{id}, /genlock/api/health/{id}/series?seconds=1..600"),
                    answer.body());
        }
    }

    @Test
    void seriesRouteValidatesSecondsAndAnswersCompactJson() throws Exception {
        HealthTelemetry telemetry = new HealthTelemetry(() -> 1_000_500L, () -> 0L, s -> {});
        Fakes.Backend backend = new Fakes.Backend("ch1");
        telemetry.bindBackend(backend);
        backend.log.add(FrameOutcome.FRESH, CompletionResult.DISPLAYED_LATE, 3_000_000, 4_000_000);
        backend.log.add(FrameOutcome.FRESH, CompletionResult.COMPLETED, -1_000_000, 6_000_000);
        backend.log.add(FrameOutcome.REPEAT, CompletionResult.DROPPED, 0, -1);
        telemetry.tick(); // polls the log and the status (depth 3) at second 1000
        ObjectMapper mapper = new ObjectMapper();

        HealthApiServlet.Answer answer = HealthApiServlet.answer(telemetry, "/api/health", "/ch1/series", "3");
        assertEquals(200, answer.status());
        assertTrue(!answer.body().contains("\n") && !answer.body().contains(": "), "compact: " + answer.body());
        JsonNode series = mapper.readTree(answer.body());
        assertEquals(List.of("channel", "seconds", "frames", "late", "dropped", "underruns", "depthAverage", "depthMax",
                "renderAverageMs", "renderMaxMs", "latenessMaxMs"), iterable(series.fieldNames()));
        assertEquals("ch1", series.get("channel").asText());
        assertEquals("[998,999,1000]", series.get("seconds").toString());
        assertEquals("[0,0,3]", series.get("frames").toString());
        assertEquals("[0,0,1]", series.get("late").toString());
        assertEquals("[0,0,1]", series.get("dropped").toString());
        assertEquals("[0,0,1]", series.get("underruns").toString());
        assertEquals("[null,null,3.0]", series.get("depthAverage").toString());
        assertEquals("[null,null,3.0]", series.get("depthMax").toString());
        assertEquals("[null,null,5.0]", series.get("renderAverageMs").toString());
        assertEquals("[null,null,6.0]", series.get("renderMaxMs").toString());
        assertEquals("[null,null,3.0]", series.get("latenessMaxMs").toString(), "early counts as 0, dropped not aired");

        assertEquals(300, mapper.readTree(HealthApiServlet.answer(telemetry, "/api/health", "/ch1/series", null).body())
                .get("seconds").size(), "default 300 s");
        assertEquals(600, mapper.readTree(HealthApiServlet.answer(telemetry, "/api/health", "/ch1/series", "600").body())
                .get("frames").size());
        for (String bad : new String[] { "0", "601", "-5", "abc", "", "1.5" }) {
            HealthApiServlet.Answer rejected = HealthApiServlet.answer(telemetry, "/api/health", "/ch1/series", bad);
            assertEquals(400, rejected.status(), bad);
            JsonNode error = mapper.readTree(rejected.body());
            assertEquals("seconds='" + bad + "' is not allowed; use an integer from 1 to 600 (default 300)",
                    error.get("error").asText());
            assertEquals(400, error.get("status").asInt());
        }
    }

    @Test
    void renderAndLatenessHistogramsCountTheFrameLogAndFormatsFollowTheAcceptHeader() throws Exception {
        HealthTelemetry telemetry = new HealthTelemetry(() -> 1_000_500L, () -> 0L, s -> {});
        Fakes.Backend backend = new Fakes.Backend("ch1");
        telemetry.bindBackend(backend);
        backend.log.add(FrameOutcome.FRESH, CompletionResult.DISPLAYED_LATE, 3_000_000, 4_000_000);
        backend.log.add(FrameOutcome.FRESH, CompletionResult.COMPLETED, -1_000_000, 6_000_000);
        backend.log.add(FrameOutcome.REPEAT, CompletionResult.DROPPED, 0, -1);
        telemetry.tick();

        Exposition.Written plain = telemetry.exposition().write(null);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", plain.contentType());
        String text = new String(plain.body(), StandardCharsets.UTF_8);
        // render 4 ms and 6 ms (the repeat has none); lateness 3 ms and early as 0 (dropped did not air)
        assertTrue(text.contains("# TYPE genlock_render_seconds histogram\n"), text);
        assertTrue(text.contains("genlock_render_seconds_bucket{channel=\"ch1\",le=\"0.004\"} 1\n"), text);
        assertTrue(text.contains("genlock_render_seconds_bucket{channel=\"ch1\",le=\"0.008\"} 2\n"), text);
        assertTrue(text.contains("genlock_render_seconds_count{channel=\"ch1\"} 2\n"), text);
        assertTrue(text.contains("genlock_render_seconds_sum{channel=\"ch1\"} 0.01\n"), text);
        assertTrue(text.contains("genlock_lateness_seconds_bucket{channel=\"ch1\",le=\"0.0\"} 1\n"), text);
        assertTrue(text.contains("genlock_lateness_seconds_bucket{channel=\"ch1\",le=\"0.004\"} 2\n"), text);
        assertTrue(text.contains("genlock_lateness_seconds_count{channel=\"ch1\"} 2\n"), text);
        assertTrue(text.contains("genlock_frames_total{channel=\"ch1\",outcome=\"fresh\"}"), text);

        Exposition.Written open = telemetry.exposition()
                .write("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(open.contentType().startsWith("application/openmetrics-text; version=1.0.0"), open.contentType());
        String openText = new String(open.body(), StandardCharsets.UTF_8);
        assertTrue(openText.endsWith("# EOF\n") && openText.contains("# TYPE genlock_frames counter\n"), openText);

        Exposition.Written proto = telemetry.exposition().write(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                        + "text/plain;version=0.0.4;q=0.3");
        assertTrue(proto.contentType().startsWith("application/vnd.google.protobuf"), proto.contentType());
        assertTrue(new String(proto.body(), StandardCharsets.ISO_8859_1).contains("genlock_render_seconds"));

        // a backend that goes away takes its histogram series along
        telemetry.unbindBackend(backend);
        String after = new String(telemetry.exposition().write(null).body(), StandardCharsets.UTF_8);
        assertTrue(!after.contains("genlock_render_seconds_count{channel=\"ch1\"}"), after);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
