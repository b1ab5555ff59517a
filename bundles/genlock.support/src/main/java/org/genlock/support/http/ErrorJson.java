package org.genlock.support.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The one shape of every error under {@code /genlock/}: {@code {"status": 404, "error": "...",
 * "allowed": [...]}}, {@code allowed} only when there is a list to choose from. Shared by the
 * bundles that answer there (security, Web Console API, telemetry) so that a client parses one
 * form whichever bundle answered; written by hand so that it needs no JSON library.
 */
public final class ErrorJson {

    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private ErrorJson() {
    }

    /** The JSON text of an error. */
    public static String body(int status, String error, List<String> allowed) {
        StringBuilder out = new StringBuilder(error.length() + 48);
        out.append("{\"status\":").append(status).append(",\"error\":");
        string(out, error);
        if (allowed != null && !allowed.isEmpty()) {
            out.append(",\"allowed\":[");
            for (int i = 0; i < allowed.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, allowed.get(i));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    /**
     * Answers the error, replacing whatever was buffered; does nothing once the response is
     * committed (the client already has a status line).
     */
    public static void write(HttpServletResponse response, int status, String error, List<String> allowed)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        byte[] body = body(status, error, allowed).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whether a request path is one of Genlock's own, whose errors take this shape. */
    public static boolean genlockPath(String requestUri) {
        return requestUri != null && (requestUri.equals("/genlock") || requestUri.startsWith("/genlock/"));
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
