package org.genlock.telemetry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.tap.TapStatus;

/**
 * The {@code genlock_*} counters and gauges of every channel, built from the channel
 * snapshots when a scrape asks for them (on the scraping HTTP thread, never on a playout
 * thread). Counters are the backend's status counters (so they agree with the console),
 * except {@code result="completed"}, which the status does not count and which is taken
 * from the frame log since tracking began. Channels not polled yet have no samples. The
 * render and lateness histograms are {@link Exposition}'s.
 */
final class ChannelMetrics implements MultiCollector {

    private final Supplier<List<ChannelSnapshot>> channels;

    ChannelMetrics(Supplier<List<ChannelSnapshot>> channels) {
        this.channels = channels;
    }

    @Override
    public MetricSnapshots collect() {
        return snapshots(channels.get());
    }

    /** Adds one sample of a channel: its value and label name/value pairs besides {@code channel}. */
    @FunctionalInterface
    interface Samples {
        void add(double value, String... labels);
    }

    static MetricSnapshots snapshots(List<ChannelSnapshot> channels) {
        List<MetricSnapshot> out = new ArrayList<>();
        Families f = new Families(channels, out);
        f.counter("genlock_frames_total", "Frames by what aired (skip: nothing scheduled).", (c, s) -> {
            FrameCounters k = c.status().counters();
            s.add(k.fresh(), "outcome", Names.outcome(FrameOutcome.FRESH));
            s.add(k.repeated(), "outcome", Names.outcome(FrameOutcome.REPEAT));
            s.add(k.black(), "outcome", Names.outcome(FrameOutcome.BLACK));
            s.add(k.slate(), "outcome", Names.outcome(FrameOutcome.SLATE));
            s.add(k.skipped(), "outcome", Names.outcome(FrameOutcome.SKIP));
        });
        f.counter("genlock_completions_total", "Device completions by result.", (c, s) -> {
            FrameCounters k = c.status().counters();
            s.add(c.completed(), "result", Names.result(CompletionResult.COMPLETED));
            s.add(k.late(), "result", Names.result(CompletionResult.DISPLAYED_LATE));
            s.add(k.dropped(), "result", Names.result(CompletionResult.DROPPED));
            s.add(k.flushed(), "result", Names.result(CompletionResult.FLUSHED));
        });
        f.counter("genlock_underruns_total", "Display indices with no fresh frame ready.",
                (c, s) -> s.add(c.status().counters().underruns()));
        for (EngineFamily e : ENGINE) {
            f.counter(e.name(), e.help(), (c, s) -> s.add(e.value().applyAsLong(c.status().engine())));
        }
        f.gauge("genlock_ready_depth", "Frames in the ready queue.", (c, s) -> s.add(c.status().readyDepth()));
        f.gauge("genlock_ready_target", "Ready depth the producer aims for now (with adaptive headroom).",
                (c, s) -> s.add(c.status().readyTarget()));
        f.gauge("genlock_ready_capacity", "Capacity of the ready queue.", (c, s) -> s.add(c.status().readyCapacity()));
        f.gauge("genlock_output_latency_seconds",
                "Preroll times the frame duration: how far ahead of the frame on air the device is fed.",
                (c, s) -> s.add(c.status().outputLatencyNanos() / 1e9));
        f.gauge("genlock_reference_locked",
                "1 when the device's output is locked to its reference input; absent without a reference input.",
                (c, s) -> {
                    ReferenceStatus r = c.status().reference();
                    if (r.supported()) {
                        s.add(r.locked() ? 1 : 0);
                    }
                });
        f.gauge("genlock_pool_slots", "Frame pool slots by state.", (c, s) -> {
            PoolStatus p = c.status().pool();
            s.add(p.free(), "state", "free");
            s.add(p.rendering(), "state", "rendering");
            s.add(p.ready(), "state", "ready");
            s.add(p.scheduled(), "state", "scheduled");
            s.add(p.parked(), "state", "parked");
        });
        f.gauge("genlock_channel_state", "1 for the channel's current lifecycle state.", (c, s) -> {
            for (BackendState state : BackendState.values()) {
                s.add(state == c.status().state() ? 1 : 0, "state", state.name());
            }
        });
        render(f);
        taps(f);
        audio(f);
        f.gaugeOfEvery("genlock_health", "1 for the channel's current health verdict.", (c, s) -> {
            for (Verdict v : Verdict.values()) {
                s.add(v == c.health().verdict() ? 1 : 0, "verdict", v.name());
            }
        });
        return new MetricSnapshots(out);
    }

    /** The engine counters, one counter family each, in the order of {@link EngineCounters}. */
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

    /** The render feed: renderers on air and on probation, smoothed render time, render lead, last fallback. */
    private static void render(Families f) {
        f.gauge("genlock_renderer_on_air", "1 for the renderer whose frames air now.", (c, s) -> {
            String id = c.status().render().onAirRendererId();
            if (id != null) {
                s.add(1, "renderer", id);
            }
        });
        f.gauge("genlock_renderer_on_probation",
                "1 for the selected renderer that has not yet delivered a frame in time (it does not air yet).",
                (c, s) -> {
                    String id = c.status().render().candidateRendererId();
                    if (id != null) {
                        s.add(1, "renderer", id);
                    }
                });
        f.gauge("genlock_render_feed_seconds",
                "Smoothed time from render request to rendered frame of the on-air renderer (absent before the first).",
                (c, s) -> {
                    long nanos = c.status().render().renderNanos();
                    if (nanos >= 0) {
                        s.add(nanos / 1e9);
                    }
                });
        f.gauge("genlock_render_lead_frames",
                "Display indices ahead of the next one to schedule that the channel aims each render at.",
                (c, s) -> s.add(c.status().render().leadFrames()));
        f.gauge("genlock_renderer_fallback_timestamp_seconds",
                "Unix time of the last automatic renderer fallback (absent if none happened).", (c, s) -> {
                    if (c.status().render().fallbackTime() != null) {
                        s.add(c.status().render().fallbackTime().toEpochMilli() / 1000.0);
                    }
                });
    }

    /** Taps (API 1.3): frames delivered and dropped, errors, state, with a {@code tap} label. */
    private static void taps(Families f) {
        f.counter("genlock_tap_frames_total",
                "Aired frames by what became of them at each tap (dropped: the tap was too slow).", (c, s) -> {
                    for (TapStatus t : c.taps()) {
                        s.add(t.delivered(), "tap", t.tapId(), "outcome", "delivered");
                        s.add(t.dropped(), "tap", t.tapId(), "outcome", "dropped");
                    }
                });
        f.counter("genlock_tap_errors_total", "Exceptions thrown by a tap's open or frame.",
                (c, s) -> c.taps().forEach(t -> s.add(t.errors(), "tap", t.tapId())));
        f.gauge("genlock_tap_state", "1 for each tap with its state (the first word of the tap's state text).",
                (c, s) -> c.taps().forEach(t -> s.add(1, "tap", t.tapId(), "state", tapState(t.state()))));
    }

    /**
     * Audio (API 1.3): the layout, levels per audio channel and BS.1770 loudness per programme
     * group, and the engine's audio counters. Silence reads -Inf, which Prometheus takes.
     */
    private static void audio(Families f) {
        f.gauge("genlock_audio_channels", "Embedded audio channels every frame carries (0: none).",
                (c, s) -> s.add(c.audio().channels()));
        f.gauge("genlock_audio_peak_dbfs",
                "Peak level of each audio channel over the last 400 ms, dBFS (kind: sample, or true peak per BS.1770-4).",
                (c, s) -> c.audio().levels().forEach(l -> {
                    s.add(l.samplePeak(), "audio_channel", Integer.toString(l.channel()), "kind", "sample");
                    s.add(l.truePeak(), "audio_channel", Integer.toString(l.channel()), "kind", "true");
                }));
        f.gauge("genlock_audio_loudness_lufs",
                "Loudness per ITU-R BS.1770-4 / EBU R128 of each programme group (a stereo pair or 5.1), LUFS.",
                (c, s) -> c.audio().loudness().forEach(l -> {
                    s.add(l.momentary(), "group", l.group(), "window", "momentary");
                    s.add(l.shortTerm(), "group", l.group(), "window", "short");
                    s.add(l.integrated(), "group", l.group(), "window", "integrated");
                }));
        f.counter("genlock_audio_source_errors_total", "Audio source failures (that layer was silent for that frame).",
                (c, s) -> s.add(c.audio().kernelErrors()));
        f.counter("genlock_audio_clipped_samples_total", "Samples clipped at full scale when the mix was quantised.",
                (c, s) -> s.add(c.audio().clippedSamples()));
    }

    /**
     * The state word of a tap's state text: {@code reconnecting} of {@code reconnecting:
     * Connection refused} and of {@code reconnecting (attempt 3): ...}, so that the label has
     * a few values to alert on, not one per attempt or error message.
     */
    static String tapState(String text) {
        int end = 0;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-'
                || text.charAt(end) == '_')) {
            end++;
        }
        return end == 0 ? "unknown" : text.substring(0, end);
    }

    /** Builds the families in order; each holds the samples of every polled channel. */
    private record Families(List<ChannelSnapshot> channels, List<MetricSnapshot> out) {

        void counter(String name, String help, BiConsumer<ChannelSnapshot, Samples> samples) {
            // The client's model names a counter without its _total suffix; the writers add it.
            CounterSnapshot.Builder family = CounterSnapshot.builder()
                    .name(name.substring(0, name.length() - "_total".length())).help(help);
            each(samples, false, (labels, value) -> family
                    .dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
            out.add(family.build());
        }

        void gauge(String name, String help, BiConsumer<ChannelSnapshot, Samples> samples) {
            gauge(name, help, samples, false);
        }

        /** A gauge with samples of channels not polled yet too (the verdict exists before the status). */
        void gaugeOfEvery(String name, String help, BiConsumer<ChannelSnapshot, Samples> samples) {
            gauge(name, help, samples, true);
        }

        private void gauge(String name, String help, BiConsumer<ChannelSnapshot, Samples> samples, boolean unpolled) {
            GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
            each(samples, unpolled, (labels, value) -> family
                    .dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
            out.add(family.build());
        }

        private void each(BiConsumer<ChannelSnapshot, Samples> samples, boolean unpolled,
                BiConsumer<Labels, Double> point) {
            for (ChannelSnapshot c : channels) {
                if (c.status() == null && !unpolled) {
                    continue;
                }
                samples.accept(c, (value, labels) -> {
                    String[] pairs = new String[labels.length + 2];
                    pairs[0] = "channel";
                    pairs[1] = c.channelId();
                    System.arraycopy(labels, 0, pairs, 2, labels.length);
                    point.accept(Labels.of(pairs), value);
                });
            }
        }
    }
}
