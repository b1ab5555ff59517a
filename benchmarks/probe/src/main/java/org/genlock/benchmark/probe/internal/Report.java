package org.genlock.benchmark.probe.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's results: the Markdown table rows, notes, the raw figures as a JSON tree and
 * the one-line summary.
 */
final class Report {

    /** One table row; a blank cell is printed as an em dash. */
    record Row(String measure, String genlock, String reference, String ratio, String goal, String met) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private String summary = "";

    void row(String measure, String genlock, String reference, String ratio, String goal, Boolean met) {
        rows.add(new Row(measure, genlock, reference, ratio, goal, met == null ? "" : met ? "yes" : "**no**"));
    }

    void note(String text) {
        notes.add(text);
    }

    /** The JSON object for a section, created on first use. */
    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        return (Map<String, Object>) json.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
    }

    void summary(String line) {
        summary = line;
        json.put("summary", line);
    }

    String summary() {
        return summary;
    }

    List<Row> rows() {
        return rows;
    }

    String markdown(String title) {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(title).append("\n\n");
        b.append("| measure | Genlock | limit / peer | ratio | goal | met |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(cell(r.measure())).append(" | ").append(cell(r.genlock())).append(" | ")
                    .append(cell(r.reference())).append(" | ").append(cell(r.ratio())).append(" | ")
                    .append(cell(r.goal())).append(" | ").append(cell(r.met())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            for (String n : notes) {
                b.append("- ").append(n).append('\n');
            }
        }
        b.append('\n').append(summary).append('\n');
        return b.toString();
    }

    private static String cell(String s) {
        return s == null || s.isEmpty() ? "—" : s.replace("|", "\\|");
    }

    String json() {
        StringBuilder b = new StringBuilder();
        write(b, json, "");
        return b.append('\n').toString();
    }

    private static void write(StringBuilder b, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            b.append("{");
            String inner = indent + "  ";
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "\n" : ",\n").append(inner);
                string(b, String.valueOf(e.getKey()));
                b.append(": ");
                write(b, e.getValue(), inner);
                first = false;
            }
            b.append(first ? "}" : "\n" + indent + "}");
        } else if (v instanceof List<?> l) {
            b.append("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ");
                write(b, l.get(i), indent);
            }
            b.append("]");
        } else if (v instanceof Double d) {
            b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v == null) {
            b.append("null");
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
