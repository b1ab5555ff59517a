package org.genlock.telemetry.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.RenderFeedStatus;

/** The JSON documents of the health API, built as ordered maps and written by Jackson. */
final class HealthJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Series are for charts, polled every second or so: no indentation. */
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private HealthJson() {}

    static String all(List<ChannelSnapshot> channels) {
        return write(Map.of("channels", channels.stream().map(HealthJson::channel).toList()));
    }

    static String one(ChannelSnapshot channel) {
        return write(channel(channel));
    }

    /**
     * The per-second series of one channel: {@code seconds} (epoch seconds, oldest first),
     * counts per second, and measured values with {@code null} for a second without a
     * measurement. Milliseconds and depth averages are rounded to 3 decimals.
     */
    static String series(String channelId, BucketRing.Series s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", channelId);
        m.put("seconds", s.seconds);
        m.put("frames", s.frames);
        m.put("late", s.late);
        m.put("dropped", s.dropped);
        m.put("underruns", s.underruns);
        m.put("depthAverage", nullable(s.depthAverage));
        m.put("depthMax", nullable(s.depthMax));
        m.put("renderAverageMs", nullable(s.renderAverageMs));
        m.put("renderMaxMs", nullable(s.renderMaxMs));
        m.put("latenessMaxMs", nullable(s.latenessMaxMs));
        try {
            return COMPACT.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Health series JSON could not be written: " + e.getMessage(), e);
        }
    }

    /** NaN (nothing measured) becomes null; values are rounded to 3 decimals. */
    private static Double[] nullable(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.isNaN(values[i]) ? null : Math.round(values[i] * 1000) / 1000.0;
        }
        return out;
    }

    static Map<String, Object> channel(ChannelSnapshot c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", c.channelId());
        ChannelStatus s = c.status();
        m.put("state", s == null ? null : s.state().name());
        m.put("verdict", c.health().verdict().name());
        m.put("reasons", c.health().reasons());
        if (s != null) {
            m.put("failureReason", s.failureReason());
            m.put("counters", s.counters());
            m.put("engine", s.engine());
            m.put("render", render(s.render()));
            m.put("readyDepth", s.readyDepth());
            m.put("readyTarget", s.readyTarget());
            m.put("readyCapacity", s.readyCapacity());
            m.put("outputLatencyMillis", millis(s.outputLatencyNanos()));
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("supported", s.reference().supported());
            ref.put("locked", s.reference().locked());
            ref.put("detectedFormat", s.reference().detectedFormat());
            m.put("reference", ref);
            m.put("pool", s.pool());
        }
        m.put("taps", c.taps());
        m.put("audio", audio(c.audio()));
        Map<String, Object> windows = new LinkedHashMap<>();
        for (WindowStats w : c.windows()) {
            windows.put(label(w.seconds()), window(w));
        }
        m.put("windows", windows);
        Map<String, Object> observations = new LinkedHashMap<>();
        observations.put("swaps", c.swaps());
        observations.put("underrunStreaks", c.underrunStreaks());
        observations.put("recoveries", c.recoveries());
        m.put("observations", observations);
        m.put("frameLogOverruns", c.overruns());
        return m;
    }

    /** The render feed as the channel API shows it: render time in ms, null before the first frame. */
    private static Map<String, Object> render(RenderFeedStatus r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("onAir", r.onAirRendererId());
        m.put("candidate", r.candidateRendererId());
        m.put("renderMillis", r.renderNanos() < 0 ? null : millis(r.renderNanos()));
        m.put("leadFrames", r.leadFrames());
        m.put("fallbackReason", r.fallbackReason());
        m.put("fallbackTime", r.fallbackTime() == null ? null : r.fallbackTime().toString());
        return m;
    }

    /** Nanoseconds as milliseconds with three decimals. */
    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private static Map<String, Object> window(WindowStats w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", w.frames());
        m.put("completions", w.completions());
        m.put("underruns", w.underruns());
        m.put("readyDepth", Map.of("average", w.depthAverage(), "max", w.depthMax()));
        if (w.render() != null) {
            m.put("renderSeconds", w.render());
            m.put("latenessSeconds", w.lateness());
        }
        return m;
    }

    static String label(int seconds) {
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String write(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Health JSON could not be written: " + e.getMessage(), e);
        }
    }

    /** The audio meters, with null for silence (JSON has no -Infinity). */
    static Map<String, Object> audio(org.genlock.api.backend.AudioStatus a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channels", a.channels());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (org.genlock.api.backend.AudioStatus.Level l : a.levels()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("channel", l.channel());
            o.put("samplePeak", finite(l.samplePeak()));
            o.put("truePeak", finite(l.truePeak()));
            levels.add(o);
        }
        m.put("levels", levels);
        List<Map<String, Object>> loudness = new ArrayList<>();
        for (org.genlock.api.backend.AudioStatus.Loudness l : a.loudness()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("group", l.group());
            o.put("momentary", finite(l.momentary()));
            o.put("shortTerm", finite(l.shortTerm()));
            o.put("integrated", finite(l.integrated()));
            loudness.add(o);
        }
        m.put("loudness", loudness);
        m.put("measuredFrames", a.measuredFrames());
        m.put("kernelErrors", a.kernelErrors());
        m.put("clippedSamples", a.clippedSamples());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
    }
}
