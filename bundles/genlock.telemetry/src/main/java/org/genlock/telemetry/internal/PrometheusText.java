package org.genlock.telemetry.internal;

import java.util.List;
import java.util.function.BiConsumer;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;

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
        family(out, channels, "genlock_ready_depth", "gauge", "Frames in the ready queue.",
                (c, o) -> sample(o, "genlock_ready_depth", c, null, null, c.status().readyDepth()));
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
