package org.genlock.telemetry.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.channel.Impairment;
import org.genlock.itest.support.http.ConsoleHttp;
import org.genlock.itest.support.prometheus.Promtool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The telemetry against a real 720p50 channel on the clock device with late and dropped
 * frames injected, a policy swap and a renderer outage (underruns): the counters in
 * /metrics, the JSON health and series and the EventAdmin events agree exactly with what the
 * device reported (the channel's frame log and counters); /metrics passes promtool; stopping
 * the telemetry bundle does not disturb playout.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class TelemetryPlayoutTest {

    static final String CHANNEL = "tel1";
    static final String TOPIC = "org/genlock/channel/" + CHANNEL + "/";
    static final int LATE_EVERY = 20;
    static final int DROP_EVERY = 25;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    final ObjectMapper json = new ObjectMapper();
    final List<Event> events = new CopyOnWriteArrayList<>();
    ConsoleHttp http;
    ChannelFixture fixture;
    ServiceRegistration<EventHandler> handler;

    @BeforeEach
    void setUp() {
        http = new ConsoleHttp(context);
        fixture = new ChannelFixture(context, configAdmin, CHANNEL);
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, TOPIC + "*");
        handler = context.registerService(EventHandler.class, events::add, topics);
    }

    @AfterEach
    void cleanUp() throws Exception {
        handler.unregister();
        configureDevice(0, 0);
        fixture.close();
    }

    @Test
    void injectedFaultsShowUpInEveryChannelOfTelemetryWithMatchingNumbers() throws Exception {
        long startSecond = System.currentTimeMillis() / 1000;
        VideoBackend backend = fixture.start("720p50", "bars | timecode").backend();
        configureDevice(LATE_EVERY, DROP_EVERY);
        Thread.sleep(4000);

        // The verdict names both faults (status and verdict are refreshed once a second).
        JsonNode health = awaitJson("/genlock/api/health/" + CHANNEL, h -> h.get("verdict").asText().equals("DEGRADED")
                && h.get("reasons").toString().contains("late frames in last 10 s")
                && h.get("reasons").toString().contains("dropped frames in last 10 s"));
        assertThat(health.get("channel").asText()).isEqualTo(CHANNEL);
        awaitEvent("HEALTH", e -> "DEGRADED".equals(e.getProperty("verdict")));

        // A swap: the channel's policy.target switched through Configuration Admin.
        updateChannel("policy.target", "(genlock.policy.id=lowlatency)");
        Event swap = awaitEvent("SWAP", e -> "POLICY".equals(e.getProperty("kind")));
        assertThat(swap.getProperty("channel")).isEqualTo(CHANNEL);
        // and back: the low-latency policy's one-frame target is fragile on a loaded machine
        updateChannel("policy.target", "(genlock.policy.id=standard)");

        // Underruns: no renderer for a second, fills air instead.
        updateChannel("renderer.target", "(genlock.renderer.id=none)");
        awaitEvent("UNDERRUN", e -> e.getProperty("action") != null);
        Thread.sleep(1000);
        updateChannel("renderer.target", "(genlock.renderer.id=software)");
        Thread.sleep(1000);

        // Faults off: once the last faults completed, every exposition must agree exactly.
        configureDevice(0, 0);
        Agreement a = awaitAgreement(backend);
        Tally log = a.log;
        assertThat(a.counters.late()).as("late completions").isPositive();
        assertThat(a.counters.dropped()).as("dropped completions").isPositive();
        assertThat(log.underruns).as("underrun fills").isPositive();
        assertThat(log.late).as("frame log late vs channel counters").isEqualTo(a.counters.late());
        assertThat(log.dropped).as("frame log dropped vs channel counters").isEqualTo(a.counters.dropped());
        // The channel counts an underrun when it schedules a fill or skips for lack of a frame; the
        // frame log cannot tell such a skip from a refused schedule, so telemetry counts fills only.
        assertThat(a.counters.underruns()).as("channel underruns vs frame log fills (+ skips)")
                .isBetween(log.underruns, log.underruns + log.outcomes[FrameOutcome.SKIP.ordinal()]);

        // Events: LATE at most about one a second, their counts add up to every late completion.
        long elapsed = System.currentTimeMillis() / 1000 - startSecond + 1;
        List<Event> late = events(("LATE"));
        assertThat(late.size()).as("LATE events (rate-limited) in %d s", elapsed).isBetween(1, (int) elapsed + 1);
        assertThat(sumCounts(late)).as("sum of LATE counts").isEqualTo(a.counters.late());
        // an UNDERRUN event held back by the rate limit goes out within a second, and EventAdmin
        // delivers asynchronously: wait (bounded) until the events have caught up with the count
        long[] streaks = { -1 };
        ChannelFixture.await("UNDERRUN events add up to the underrun streaks (last: events "
                + sumCounts(events("UNDERRUN")) + ")", () -> {
                    try {
                        streaks[0] = json.readTree(ok("/genlock/api/health/" + CHANNEL)).get("observations")
                                .get("underrunStreaks").asLong();
                    } catch (Exception e) {
                        return false;
                    }
                    return sumCounts(events("UNDERRUN")) == streaks[0];
                });
        assertThat(events("STATE")).as("STATE events").anyMatch(e -> "RUNNING".equals(e.getProperty("to")));
        assertThat(events("HEALTH").get(0).getProperty("verdict")).isEqualTo("DEGRADED");

        // The per-second series covers everything since the channel started.
        int seconds = (int) elapsed + 5;
        long recordsBefore = tally(backend.frameLog()).records;
        JsonNode series = json.readTree(ok("/genlock/api/health/" + CHANNEL + "/series?seconds=" + seconds));
        for (String field : List.of("seconds", "frames", "late", "dropped", "underruns", "depthAverage", "depthMax",
                "renderAverageMs", "renderMaxMs", "latenessMaxMs")) {
            assertThat(series.get(field).size()).as("series %s length", field).isEqualTo(seconds);
        }
        JsonNode secs = series.get("seconds");
        for (int i = 1; i < seconds; i++) {
            assertThat(secs.get(i).asLong()).isEqualTo(secs.get(i - 1).asLong() + 1);
        }
        assertThat(secs.get(seconds - 1).asLong()).isBetween(System.currentTimeMillis() / 1000 - 2,
                System.currentTimeMillis() / 1000);
        assertThat(sum(series.get("late"))).as("series late").isEqualTo(a.counters.late());
        assertThat(sum(series.get("dropped"))).as("series dropped").isEqualTo(a.counters.dropped());
        assertThat(sum(series.get("underruns"))).as("series underruns").isEqualTo(log.underruns);
        // Playout goes on: the records counted just before and just after bracket the series' total.
        assertThat(sum(series.get("frames"))).as("series frames vs frame log")
                .isBetween(recordsBefore, tally(backend.frameLog()).records);
        int rendered = 0;
        for (int i = 0; i < seconds; i++) {
            JsonNode avg = series.get("renderAverageMs").get(i);
            JsonNode max = series.get("renderMaxMs").get(i);
            assertThat(avg.isNull()).as("render average and max null together").isEqualTo(max.isNull());
            if (!avg.isNull()) {
                rendered++;
                assertThat(avg.asDouble()).isPositive().isLessThanOrEqualTo(max.asDouble());
            }
        }
        assertThat(rendered).as("seconds with rendered frames").isPositive();
        assertThat(http.get("/genlock/api/health/" + CHANNEL + "/series?seconds=601").statusCode()).isEqualTo(400);
        assertThat(http.get("/genlock/api/health/" + CHANNEL + "/series?seconds=601").body()).contains("1 to 600");
        HttpResponse<String> unknown = http.get("/genlock/api/health/nope/series");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("known channels: " + CHANNEL);

        // Prometheus' own parser and linter accept the real /metrics output.
        String metrics = a.metrics;
        Promtool.Result promtool = Promtool.checkMetrics(metrics);
        assertThat(promtool.output()).as("promtool check metrics said, about:\n%s", metrics).isEmpty();
        assertThat(promtool.exitCode()).as("promtool exit code").isZero();
        // render time and lateness are histograms fed from the frame log
        assertThat(metric(metrics, "genlock_render_seconds_bucket", "le=\"+Inf\"")).as("render histogram count")
                .isPositive().isEqualTo(metric(metrics, "genlock_render_seconds_count", null));
        assertThat(metric(metrics, "genlock_lateness_seconds_count", null)).as("lateness histogram count")
                .isGreaterThanOrEqualTo(a.counters.late());
        assertThat(metric(metrics, "genlock_lateness_seconds_bucket", "le=\"0.0\"")).as("frames on time or early")
                .isLessThanOrEqualTo(metric(metrics, "genlock_lateness_seconds_count", null) - a.counters.late());
        assertThat(http.anonymous("/metrics").statusCode()).as("/metrics without credentials").isEqualTo(401);
    }

    @Test
    void engineCountersReadyDepthsLatencyAndRenderFeedReachMetricsAndHealth() throws Exception {
        VideoBackend backend = fixture.start("720p50", "bars | timecode").backend();
        // telemetry polls the status once a second: wait for a poll of this channel on air (a poll
        // during its start has no run yet, so no latency)
        JsonNode health = awaitJson("/genlock/api/health/" + CHANNEL, h -> h.has("outputLatencyMillis")
                && h.get("outputLatencyMillis").asDouble() > 0);
        ChannelStatus status = backend.status();
        assertThat(health.get("readyTarget").asInt()).as("ready target").isBetween(4, 6); // 4, up to 6 with headroom
        assertThat(health.get("readyCapacity").asInt()).isEqualTo(status.readyCapacity()).isEqualTo(6);
        assertThat(health.get("outputLatencyMillis").asDouble()).as("6 frames preroll at 50p").isEqualTo(120.0);
        assertThat(health.has("failureReason")).isTrue();
        assertThat(health.get("failureReason").isNull()).isTrue();
        assertThat(health.get("engine").fieldNames()).toIterable().containsExactly("renderFailures", "staleRenders",
                "lateRenders", "abandonedRenders", "refusedSchedules", "starvedFills", "readyDrops",
                "refusedCompletions", "staleCompletions", "pluginErrors", "rendererFallbacks");
        assertThat(health.get("render").fieldNames()).toIterable().containsExactly("onAir", "candidate",
                "renderMillis", "leadFrames", "fallbackReason", "fallbackTime");

        String metrics = ok("/metrics");
        EngineCounters after = backend.status().engine();
        EngineCounters before = status.engine();
        String[] names = { "render_failures", "stale_renders", "late_renders", "abandoned_renders",
            "refused_schedules", "starved_fills", "ready_drops", "refused_completions", "stale_completions",
            "plugin_errors", "renderer_fallbacks" };
        long[] low = values(before);
        long[] high = values(after);
        for (int i = 0; i < names.length; i++) {
            assertThat(metric(metrics, "genlock_" + names[i] + "_total", null)).as("genlock_%s_total", names[i])
                    .isBetween(low[i], high[i]);
        }
        assertThat(metrics).contains("genlock_ready_capacity{channel=\"" + CHANNEL + "\"} 6.0\n")
                .contains("genlock_output_latency_seconds{channel=\"" + CHANNEL + "\"} 0.12\n")
                .contains("# TYPE genlock_ready_target gauge\n")
                .contains("# TYPE genlock_render_lead_frames gauge\n");
        assertThat(metric(metrics, "genlock_ready_target", null)).isBetween(4L, 6L);
        Promtool.Result promtool = Promtool.checkMetrics(metrics);
        assertThat(promtool.output()).as("promtool check metrics said, about:\n%s", metrics).isEmpty();
    }

    @Test
    void jvmAndProcessMetricsAndTheFormatTheScraperAsksFor() throws Exception {
        fixture.start("720p50", "bars | timecode");
        awaitJson("/genlock/api/health/" + CHANNEL, h -> h.has("outputLatencyMillis")
                && h.get("outputLatencyMillis").asDouble() > 0);
        HttpResponse<String> plain = http.get("/metrics");
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String metrics = plain.body();
        // memory pools, GC, threads, CPU, file descriptors, start time, from the Prometheus client
        for (String series : List.of("jvm_memory_pool_used_bytes{pool=", "jvm_memory_used_bytes{area=\"heap\"}",
                "jvm_gc_collection_seconds_count{gc=", "jvm_threads_current ", "jvm_threads_state{state=",
                "process_cpu_seconds_total ", "process_open_fds ", "process_max_fds ", "process_start_time_seconds ",
                "process_resident_memory_bytes ", "jvm_runtime_info{")) {
            assertThat(metrics).as("/metrics has %s", series).contains("\n" + series);
        }
        double started = Double.parseDouble(metrics.replaceAll("(?s).*\nprocess_start_time_seconds (\\S+)\n.*", "$1"));
        assertThat(started).as("process start time").isBetween(System.currentTimeMillis() / 1000.0 - 3600,
                System.currentTimeMillis() / 1000.0);
        Promtool.Result promtool = Promtool.checkMetrics(metrics);
        assertThat(promtool.output()).as("promtool check metrics said, about:\n%s", metrics).isEmpty();
        assertThat(promtool.exitCode()).isZero();

        HttpResponse<byte[]> open = http.getAccepting("/metrics", "application/openmetrics-text; version=1.0.0");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        String openText = new String(open.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(openText).contains("# TYPE genlock_frames counter\n").contains("genlock_frames_total{channel=\""
                + CHANNEL + "\",outcome=\"fresh\"}").endsWith("# EOF\n");

        // what Prometheus asks for when native histograms are on
        HttpResponse<byte[]> proto = http.getAccepting("/metrics",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                        + "text/plain;version=0.0.4;q=0.3");
        assertThat(proto.statusCode()).isEqualTo(200);
        assertThat(proto.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.google.protobuf");
        assertThat(new String(proto.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("genlock_render_seconds").contains("process_start_time_seconds");
    }

    static long[] values(EngineCounters e) {
        return new long[] { e.renderFailures(), e.staleRenders(), e.lateRenders(), e.abandonedRenders(),
            e.refusedSchedules(), e.starvedFills(), e.readyDrops(), e.refusedCompletions(), e.staleCompletions(),
            e.pluginErrors(), e.rendererFallbacks() };
    }

    @Test
    void stoppingTelemetryForTwoSecondsLeavesPlayoutAlone() throws Exception {
        VideoBackend backend = fixture.start("720p50", "bars | timecode").backend();
        ok("/genlock/api/health/" + CHANNEL);
        Bundle telemetry = fixture.bundle("genlock.telemetry");
        ChannelStatus before = backend.status();
        telemetry.stop();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < end) {
            assertThat(backend.state()).as("state while telemetry is stopped").isIn(ChannelFixture.ON_AIR);
            Thread.sleep(20);
        }
        ChannelStatus after = backend.status();
        telemetry.start();
        // impairment is reported (a loaded machine causes some); a playout thread that waited on
        // the stopping bundle would exceed the sanity bound and air far fewer frames
        Impairment.assertSane("2 s with telemetry stopped", before.counters(), after.counters());
        assertThat(after.counters().framesAired()).isGreaterThan(before.counters().framesAired() + 50);
        awaitJson("/genlock/api/health", h -> h.get("channels").toString().contains("\"channel\":\"" + CHANNEL + "\""));
    }

    /** What the expositions said at a moment the channel's counters stood still. */
    record Agreement(FrameCounters counters, Tally log, String metrics, JsonNode health) {}

    /**
     * Waits until the channel's late/dropped/underrun counters stand still across a read of
     * /metrics and the JSON health, and all of them (and the LATE events) agree exactly.
     */
    Agreement awaitAgreement(VideoBackend backend) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ChannelFixture.TIMEOUT_MS);
        List<String> mismatches = List.of();
        do {
            FrameCounters c = backend.status().counters();
            String metrics = ok("/metrics");
            JsonNode health = json.readTree(ok("/genlock/api/health/" + CHANNEL));
            FrameCounters again = backend.status().counters();
            Tally log = tally(backend.frameLog());
            JsonNode tenMinutes = health.get("windows").get("10m");
            mismatches = new ArrayList<>();
            check(mismatches, "counters moved during the reads", again.late() + "/" + again.dropped() + "/" + again.underruns(),
                    c.late() + "/" + c.dropped() + "/" + c.underruns());
            check(mismatches, "/metrics late", metric(metrics, "genlock_completions_total", "result=\"late\""), c.late());
            check(mismatches, "/metrics dropped", metric(metrics, "genlock_completions_total", "result=\"dropped\""), c.dropped());
            check(mismatches, "/metrics underruns", metric(metrics, "genlock_underruns_total", null), c.underruns());
            check(mismatches, "JSON counters.late", health.get("counters").get("late").asLong(), c.late());
            check(mismatches, "JSON counters.dropped", health.get("counters").get("dropped").asLong(), c.dropped());
            check(mismatches, "JSON 10m late (frame log)", tenMinutes.get("completions").get("late").asLong(), c.late());
            check(mismatches, "JSON 10m dropped (frame log)", tenMinutes.get("completions").get("dropped").asLong(), c.dropped());
            check(mismatches, "JSON 10m underruns (frame log fills)", tenMinutes.get("underruns").asLong(), log.underruns);
            check(mismatches, "sum of LATE event counts", sumCounts(events("LATE")), c.late());
            if (mismatches.isEmpty()) {
                return new Agreement(c, log, metrics, health);
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("telemetry never agreed with the channel: " + mismatches + "; counters "
                + backend.status().counters() + "; frame log " + tally(backend.frameLog()));
    }

    static void check(List<String> mismatches, String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            mismatches.add(what + " = " + actual + ", expected " + expected);
        }
    }

    /** Late, dropped and underrun-fill records of the whole frame log: what the device reported. */
    static final class Tally implements FrameRecordVisitor {
        long records;
        long late;
        long dropped;
        long underruns;
        final long[] outcomes = new long[FrameOutcome.values().length];
        final long[] results = new long[CompletionResult.values().length + 1];

        @Override
        public String toString() {
            return "outcomes " + java.util.Arrays.toString(outcomes) + " results(+none) " + java.util.Arrays.toString(results);
        }

        @Override
        public void frame(long sequence, long displayIndex, FrameOutcome outcome, CompletionResult result,
                long latenessNanos, long renderNanos, long rendererGeneration, long policyGeneration,
                long strategyGeneration, long programGeneration) {
            records++;
            outcomes[outcome.ordinal()]++;
            results[result == null ? results.length - 1 : result.ordinal()]++;
            late += result == CompletionResult.DISPLAYED_LATE ? 1 : 0;
            dropped += result == CompletionResult.DROPPED ? 1 : 0;
            boolean fill = outcome == FrameOutcome.REPEAT || outcome == FrameOutcome.BLACK || outcome == FrameOutcome.SLATE;
            underruns += fill ? 1 : 0;
        }

        @Override
        public void overrun(long lost) {
            throw new AssertionError("the frame log lost " + lost + " records: the reference tally needs them all");
        }
    }

    static Tally tally(FrameLog log) {
        Tally t = new Tally();
        for (long cursor = 0, head = log.head(); cursor < head;) {
            cursor = log.read(cursor, t, 1024);
        }
        return t;
    }

    void configureDevice(int lateEvery, int dropEvery) throws Exception {
        ChannelFixture.configureClock(configAdmin, java.util.Map.of("fault.late.every", lateEvery,
                "fault.drop.every", dropEvery));
    }

    void updateChannel(String key, String value) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("genlock.channel", CHANNEL, "?");
        Dictionary<String, Object> props = c.getProperties();
        props.put(key, value);
        c.update(props);
    }

    List<Event> events(String kind) {
        return events.stream().filter(e -> e.getTopic().equals(TOPIC + kind)).toList();
    }

    static long sumCounts(List<Event> events) {
        return events.stream().mapToLong(e -> (Long) e.getProperty("count")).sum();
    }

    Event awaitEvent(String kind, java.util.function.Predicate<Event> matching) throws InterruptedException {
        ChannelFixture.await(kind + " event on " + TOPIC + kind + " (got " + events + ")",
                () -> events(kind).stream().anyMatch(matching));
        return events(kind).stream().filter(matching).findFirst().orElseThrow();
    }

    JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ChannelFixture.TIMEOUT_MS);
        String last;
        do {
            last = ok(path);
            JsonNode node = json.readTree(last);
            if (condition.test(node)) {
                return node;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " never met the condition; last: " + last);
    }

    String ok(String path) throws Exception {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return r.body();
    }

    static long sum(JsonNode array) {
        long s = 0;
        for (JsonNode n : array) {
            s += n.asLong();
        }
        return s;
    }

    /**
     * The value of the channel's sample of {@code name} with the extra label (labels sorted by
     * name, as the client writes them), from Prometheus text, as a whole number.
     */
    static long metric(String text, String name, String label) {
        String labels = "channel=\"" + CHANNEL + "\"" + (label == null ? "" : "," + label);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("%s{%s} in\n%s", name, labels, text).isTrue();
        double value = Double.parseDouble(m.group(1));
        assertThat(value).as("%s{%s} is a whole number", name, labels).isEqualTo(Math.rint(value));
        return (long) value;
    }
}
