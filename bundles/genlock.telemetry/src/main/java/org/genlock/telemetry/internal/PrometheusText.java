package org.genlock.telemetry.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.tap.TapStatus;

/**
 * Writes channel snapshots in the Prometheus text exposition format 0.0.4. Counters come
 * from the backend's status counters (so they agree with the console), except
 * {@code result="completed"}, which the status does not count and which is taken from the
 * frame log since tracking began. Summaries show quantiles over the last minute.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double[] QUANTILES = { 0.5, 0.9, 0.99 };

    private PrometheusText() {}

    static String write(List<ChannelSnapshot> channels) {
        StringBuilder out = new StringBuilder(4096);
        family(out, channels, "genlock_frames_total", "counter", "Frames by what aired (skip: nothing scheduled).",
                (c, o) -> {
                    FrameCounters k = c.status().counters();
                    sample(o, "genlock_frames_total", c, "outcome", Names.outcome(FrameOutcome.FRESH), k.fresh());
                    sample(o, "genlock_frames_total", c, "outcome", Names.outcome(FrameOutcome.REPEAT), k.repeated());
                    sample(o, "genlock_frames_total", c, "outcome", Names.outcome(FrameOutcome.BLACK), k.black());
                    sample(o, "genlock_frames_total", c, "outcome", Names.outcome(FrameOutcome.SLATE), k.slate());
                    sample(o, "genlock_frames_total", c, "outcome", Names.outcome(FrameOutcome.SKIP), k.skipped());
                });
        family(out, channels, "genlock_completions_total", "counter", "Device completions by result.", (c, o) -> {
            FrameCounters k = c.status().counters();
            sample(o, "genlock_completions_total", c, "result", Names.result(CompletionResult.COMPLETED), c.completed());
            sample(o, "genlock_completions_total", c, "result", Names.result(CompletionResult.DISPLAYED_LATE), k.late());
            sample(o, "genlock_completions_total", c, "result", Names.result(CompletionResult.DROPPED), k.dropped());
            sample(o, "genlock_completions_total", c, "result", Names.result(CompletionResult.FLUSHED), k.flushed());
        });
        family(out, channels, "genlock_underruns_total", "counter", "Display indices with no fresh frame ready.",
                (c, o) -> sample(o, "genlock_underruns_total", c, null, null, c.status().counters().underruns()));
        engine(out, channels);
        family(out, channels, "genlock_ready_depth", "gauge", "Frames in the ready queue.",
                (c, o) -> sample(o, "genlock_ready_depth", c, null, null, c.status().readyDepth()));
        family(out, channels, "genlock_ready_target", "gauge",
                "Ready depth the producer aims for now (with adaptive headroom).",
                (c, o) -> sample(o, "genlock_ready_target", c, null, null, c.status().readyTarget()));
        family(out, channels, "genlock_ready_capacity", "gauge", "Capacity of the ready queue.",
                (c, o) -> sample(o, "genlock_ready_capacity", c, null, null, c.status().readyCapacity()));
        family(out, channels, "genlock_output_latency_seconds", "gauge",
                "Preroll times the frame duration: how far ahead of the frame on air the device is fed.",
                (c, o) -> seconds(o, "genlock_output_latency_seconds", c, c.status().outputLatencyNanos()));
        family(out, channels, "genlock_reference_locked", "gauge",
                "1 when the device's output is locked to its reference input; absent without a reference input.",
                (c, o) -> {
                    ReferenceStatus r = c.status().reference();
                    if (r.supported()) {
                        sample(o, "genlock_reference_locked", c, null, null, r.locked() ? 1 : 0);
                    }
                });
        family(out, channels, "genlock_pool_slots", "gauge", "Frame pool slots by state.", (c, o) -> {
            PoolStatus p = c.status().pool();
            sample(o, "genlock_pool_slots", c, "state", "free", p.free());
            sample(o, "genlock_pool_slots", c, "state", "rendering", p.rendering());
            sample(o, "genlock_pool_slots", c, "state", "ready", p.ready());
            sample(o, "genlock_pool_slots", c, "state", "scheduled", p.scheduled());
            sample(o, "genlock_pool_slots", c, "state", "parked", p.parked());
        });
        family(out, channels, "genlock_channel_state", "gauge", "1 for the channel's current lifecycle state.",
                (c, o) -> {
                    for (BackendState s : BackendState.values()) {
                        sample(o, "genlock_channel_state", c, "state", s.name(), s == c.status().state() ? 1 : 0);
                    }
                });
        render(out, channels);
        taps(out, channels);
        summary(out, channels, "genlock_render_seconds", "Render time of fresh frames (quantiles over the last 1 min).",
                true);
        summary(out, channels, "genlock_lateness_seconds",
                "Completion time minus due time of aired frames, early as 0 (quantiles over the last 1 min).", false);
        out.append("# HELP genlock_health 1 for the channel's current health verdict.\n");
        out.append("# TYPE genlock_health gauge\n");
        for (ChannelSnapshot c : channels) {
            for (Verdict v : Verdict.values()) {
                sample(out, "genlock_health", c, "verdict", v.name(), v == c.health().verdict() ? 1 : 0);
            }
        }
        return out.toString();
    }

    /**
     * The engine counters, one counter family each, in the order of {@link EngineCounters}:
     * name, help, value.
     */
    private static final List<EngineFamily> ENGINE = List.of(
            new EngineFamily("genlock_render_failures_total", "Render requests the renderer reported failed.",
                    EngineCounters::renderFailures),
            new EngineFamily("genlock_stale_renders_total",
                    "Render reports ignored: for a reclaimed, reused or foreign target, or from a retired session.",
                    EngineCounters::staleRenders),
            new EngineFamily("genlock_late_renders_total",
                    "Frames rendered after their display index had been scheduled (they could not air).",
                    EngineCounters::lateRenders),
            new EngineFamily("genlock_abandoned_renders_total", "Renders given up past the render budget.",
                    EngineCounters::abandonedRenders),
            new EngineFamily("genlock_refused_schedules_total", "Frames the device refused to schedule.",
                    EngineCounters::refusedSchedules),
            new EngineFamily("genlock_starved_fills_total",
                    "Underrun fills that found no free pool slot (the display index was skipped).",
                    EngineCounters::starvedFills),
            new EngineFamily("genlock_ready_drops_total",
                    "Ready frames dropped by the ready queue (overflow, capacity shrink, index passed).",
                    EngineCounters::readyDrops),
            new EngineFamily("genlock_refused_completions_total",
                    "Device completions refused because the completion ring was full.",
                    EngineCounters::refusedCompletions),
            new EngineFamily("genlock_stale_completions_total",
                    "Completions for frames the pool did not consider scheduled.", EngineCounters::staleCompletions),
            new EngineFamily("genlock_plugin_errors_total",
                    "Policy or strategy calls that threw (the built-in rule or black was used).",
                    EngineCounters::pluginErrors),
            new EngineFamily("genlock_renderer_fallbacks_total",
                    "Automatic replacements of the on-air renderer because it stopped delivering.",
                    EngineCounters::rendererFallbacks));

    private record EngineFamily(String name, String help, ToLongFunction<EngineCounters> value) {}

    private static void engine(StringBuilder out, List<ChannelSnapshot> channels) {
        for (EngineFamily f : ENGINE) {
            family(out, channels, f.name(), "counter", f.help(),
                    (c, o) -> sample(o, f.name(), c, null, null, f.value().applyAsLong(c.status().engine())));
        }
    }

    /** The render feed: renderers on air and on probation, smoothed render time, render lead, last fallback. */
    private static void render(StringBuilder out, List<ChannelSnapshot> channels) {
        family(out, channels, "genlock_renderer_on_air", "gauge", "1 for the renderer whose frames air now.",
                (c, o) -> {
                    String id = c.status().render().onAirRendererId();
                    if (id != null) {
                        sample(o, "genlock_renderer_on_air", c, "renderer", id, 1);
                    }
                });
        family(out, channels, "genlock_renderer_on_probation", "gauge",
                "1 for the selected renderer that has not yet delivered a frame in time (it does not air yet).",
                (c, o) -> {
                    String id = c.status().render().candidateRendererId();
                    if (id != null) {
                        sample(o, "genlock_renderer_on_probation", c, "renderer", id, 1);
                    }
                });
        family(out, channels, "genlock_render_feed_seconds", "gauge",
                "Smoothed time from render request to rendered frame of the on-air renderer (absent before the first).",
                (c, o) -> {
                    long nanos = c.status().render().renderNanos();
                    if (nanos >= 0) {
                        seconds(o, "genlock_render_feed_seconds", c, nanos);
                    }
                });
        family(out, channels, "genlock_render_lead_frames", "gauge",
                "Display indices ahead of the next one to schedule that the channel aims each render at.",
                (c, o) -> sample(o, "genlock_render_lead_frames", c, null, null, c.status().render().leadFrames()));
        family(out, channels, "genlock_renderer_fallback_timestamp_seconds", "gauge",
                "Unix time of the last automatic renderer fallback (absent if none happened).", (c, o) -> {
                    Instant t = c.status().render().fallbackTime();
                    if (t != null) {
                        o.append("genlock_renderer_fallback_timestamp_seconds{channel=\"").append(escape(c.channelId()))
                                .append("\"} ").append(t.toEpochMilli() / 1000.0).append('\n');
                    }
                });
    }

    /** Taps (API 1.3): frames delivered and dropped, errors, state, with a {@code tap} label. */
    private static void taps(StringBuilder out, List<ChannelSnapshot> channels) {
        family(out, channels, "genlock_tap_frames_total", "counter",
                "Aired frames by what became of them at each tap (dropped: the tap was too slow).", (c, o) -> {
                    for (TapStatus t : c.taps()) {
                        tapSample(o, "genlock_tap_frames_total", c, t, "outcome", "delivered", t.delivered());
                        tapSample(o, "genlock_tap_frames_total", c, t, "outcome", "dropped", t.dropped());
                    }
                });
        family(out, channels, "genlock_tap_errors_total", "counter", "Exceptions thrown by a tap's open or frame.",
                (c, o) -> c.taps().forEach(t -> tapSample(o, "genlock_tap_errors_total", c, t, null, null, t.errors())));
        family(out, channels, "genlock_tap_state", "gauge",
                "1 for each tap with its state (the part before ':' of the tap's state text).",
                (c, o) -> c.taps().forEach(t -> {
                    int colon = t.state().indexOf(':');
                    tapSample(o, "genlock_tap_state", c, t, "state",
                            (colon < 0 ? t.state() : t.state().substring(0, colon)).strip(), 1);
                }));
    }

    private static void tapSample(StringBuilder out, String name, ChannelSnapshot c, TapStatus t, String label,
            String value, long number) {
        out.append(name).append("{channel=\"").append(escape(c.channelId())).append("\",tap=\"")
                .append(escape(t.tapId())).append('"');
        if (label != null) {
            out.append(',').append(label).append("=\"").append(escape(value)).append('"');
        }
        out.append("} ").append(number).append('\n');
    }

    /** A sample of nanoseconds written in seconds. */
    private static void seconds(StringBuilder out, String name, ChannelSnapshot c, long nanos) {
        out.append(name).append("{channel=\"").append(escape(c.channelId())).append("\"} ").append(nanos / 1e9)
                .append('\n');
    }

    /** A family of samples taken from the status; channels not polled yet are left out. */
    private static void family(StringBuilder out, List<ChannelSnapshot> channels, String name, String type,
            String help, BiConsumer<ChannelSnapshot, StringBuilder> samples) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (ChannelSnapshot c : channels) {
            ChannelStatus status = c.status();
            if (status != null) {
                samples.accept(c, out);
            }
        }
    }

    private static void summary(StringBuilder out, List<ChannelSnapshot> channels, String name, String help,
            boolean render) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" summary\n");
        for (ChannelSnapshot c : channels) {
            WindowStats minute = c.window(60);
            Quantiles q = render ? minute.render() : minute.lateness();
            double[] values = { q.p50(), q.p90(), q.p99() };
            for (int i = 0; i < QUANTILES.length; i++) {
                // No value in the last minute: NaN, as Prometheus clients write an empty summary.
                out.append(name).append("{channel=\"").append(escape(c.channelId())).append("\",quantile=\"")
                        .append(QUANTILES[i]).append("\"} ").append(q.count() == 0 ? "NaN" : Double.toString(values[i]))
                        .append('\n');
            }
            out.append(name).append("_sum{channel=\"").append(escape(c.channelId())).append("\"} ")
                    .append(render ? c.renderSumSeconds() : c.latenessSumSeconds()).append('\n');
            out.append(name).append("_count{channel=\"").append(escape(c.channelId())).append("\"} ")
                    .append(render ? c.renderCount() : c.latenessCount()).append('\n');
        }
    }

    private static void sample(StringBuilder out, String name, ChannelSnapshot c, String label, String value,
            long number) {
        out.append(name).append("{channel=\"").append(escape(c.channelId())).append('"');
        if (label != null) {
            out.append(',').append(label).append("=\"").append(escape(value)).append('"');
        }
        out.append("} ").append(number).append('\n');
    }

    /** Escapes a label value: backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
