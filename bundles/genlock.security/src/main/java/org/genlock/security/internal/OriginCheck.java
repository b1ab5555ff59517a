package org.genlock.security.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Tells a browser's cross-site request from the server's own pages. A browser attaches the
 * operator's cached Basic credentials to a form that a page elsewhere posts here, so every
 * change (any method but GET, HEAD and OPTIONS) must come from this server: its {@code Origin},
 * or its {@code Referer} when the browser sent no Origin, must have the scheme, host and port the
 * request was addressed to. {@code Origin: null} (sandboxed frames, some redirects) is foreign.
 * A request with neither header is not a browser's cross-site form (browsers send one of them
 * with every cross-site POST) and passes: scripts and curl keep working.
 */
final class OriginCheck {

    private OriginCheck() {
    }

    /** Methods that must not change state and so are not checked. */
    static boolean safe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    /**
     * Why the request is refused, or null if it may proceed. {@code scheme}, {@code host} and
     * {@code port} say where the request was addressed ({@code getScheme}, {@code getServerName},
     * {@code getServerPort}: the Host header as Jetty reads it).
     */
    static String refusal(String method, String origin, String referer, String scheme, String host, int port) {
        if (safe(method)) {
            return null;
        }
        String self = origin(scheme, host, port);
        if (origin != null) {
            return self.equals(normalise(origin)) ? null
                    : "Origin " + display(origin) + " is not this server (" + self + ")";
        }
        if (referer != null) {
            return self.equals(normalise(referer)) ? null
                    : "Referer " + display(referer) + " is not a page of this server (" + self + ")";
        }
        return null;
    }

    /** {@code scheme://host:port} of a URL, or null if it has none ("null", garbage). */
    static String normalise(String url) {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return origin(uri.getScheme(), uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        int p = port >= 0 ? port : "https".equals(s) ? 443 : "http".equals(s) ? 80 : -1;
        return s + "://" + h + ":" + p;
    }

    /** A header value fit for a log line or a message: no control characters, bounded. */
    static String display(String value) {
        String v = value.replaceAll("\\p{Cntrl}", "?");
        return v.length() > 200 ? v.substring(0, 200) + "..." : v;
    }
}
