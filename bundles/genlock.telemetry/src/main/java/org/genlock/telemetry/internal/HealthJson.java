package org.genlock.telemetry.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.genlock.api.backend.ChannelStatus;

/** The JSON documents of the health API, built as ordered maps and written by Jackson. */
final class HealthJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HealthJson() {}

    static String all(List<ChannelSnapshot> channels) {
        return write(Map.of("channels", channels.stream().map(HealthJson::channel).toList()));
    }

    static String one(ChannelSnapshot channel) {
        return write(channel(channel));
    }

    static String unknownChannel(String id, List<String> known) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "unknown channel '" + id + "'; known channels: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        error.put("channel", id);
        error.put("knownChannels", known);
        return write(error);
    }

    static String error(String message) {
        return write(Map.of("error", message));
    }

    static Map<String, Object> channel(ChannelSnapshot c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", c.channelId());
        ChannelStatus s = c.status();
        m.put("state", s == null ? null : s.state().name());
        m.put("verdict", c.health().verdict().name());
        m.put("reasons", c.health().reasons());
        if (s != null) {
            m.put("counters", s.counters());
            m.put("readyDepth", s.readyDepth());
            m.put("pool", s.pool());
        }
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
}
