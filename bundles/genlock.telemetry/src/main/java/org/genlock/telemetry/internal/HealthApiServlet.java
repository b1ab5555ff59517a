package org.genlock.telemetry.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.genlock.support.http.ErrorJson;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * The health API in the {@code genlock} servlet context (which requires the console
 * credentials): {@code /genlock/api/health} for every channel,
 * {@code /genlock/api/health/{id}} for one and {@code /genlock/api/health/{id}/series?seconds=N}
 * for its per-second series. The Web Console bundle's API servlet forwards
 * {@code /genlock/api/channels/{id}/health} here by the servlet name
 * {@value #SERVLET_NAME}; a named forward keeps the original paths, so that form is answered too.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + HealthApiServlet.ALL_PATTERN,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + HealthApiServlet.CHANNEL_PATTERN,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=" + HealthApiServlet.SERVLET_NAME,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=genlock)" })
public class HealthApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String SERVLET_NAME = "genlock-health";
    static final String ALL_PATTERN = "/api/health";
    static final String CHANNEL_PATTERN = "/api/health/*";
    /** The servlet path of requests forwarded from {@code /genlock/api/channels/{id}/health}. */
    static final String FORWARDED_PATH = "/api/channels";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    static final String SECONDS_PARAMETER = "seconds";
    static final int DEFAULT_SECONDS = 300;
    static final int MAX_SECONDS = BucketRing.SECONDS;
    private static final String HEALTH_SUFFIX = "/health";
    private static final String SERIES = "series";
    private static final String ROUTES = "/genlock/api/health, /genlock/api/health/{id}, "
            + "/genlock/api/health/{id}/series?seconds=1.." + MAX_SECONDS;

    @Reference
    transient HealthTelemetry telemetry;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            ErrorJson.write(response, 405, "method " + method + " not allowed on '" + request.getRequestURI()
                    + "'; allowed: GET", List.of("GET"));
            return;
        }
        Answer answer = answer(telemetry, request.getServletPath(), request.getPathInfo(),
                request.getParameter(SECONDS_PARAMETER));
        response.setStatus(answer.status());
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.body());
    }

    /** A status code and JSON body. */
    record Answer(int status, String body) {}

    /**
     * Routes a request; separate from the servlet API so that it is testable.
     *
     * @param seconds the {@code seconds} query parameter, or {@code null}
     */
    static Answer answer(HealthTelemetry telemetry, String servletPath, String pathInfo, String seconds) {
        String rest = pathInfo == null ? "" : pathInfo;
        if (ALL_PATTERN.equals(servletPath)) {
            if (rest.isEmpty() || rest.equals("/")) {
                return new Answer(200, HealthJson.all(telemetry.snapshots()));
            }
            String[] parts = rest.substring(1).split("/", -1);
            if (parts.length == 1 && !parts[0].isEmpty()) {
                return one(telemetry, parts[0]);
            }
            if (parts.length == 2 && !parts[0].isEmpty() && SERIES.equals(parts[1])) {
                return series(telemetry, parts[0], seconds);
            }
        } else if (FORWARDED_PATH.equals(servletPath) && rest.startsWith("/") && rest.endsWith(HEALTH_SUFFIX)) {
            String id = rest.substring(1, Math.max(1, rest.length() - HEALTH_SUFFIX.length()));
            if (!id.isEmpty() && !id.contains("/")) {
                return one(telemetry, id);
            }
        }
        return error(404, "no such resource '/genlock" + (servletPath == null ? "" : servletPath) + rest + "'; use "
                + ROUTES, List.of());
    }

    private static Answer one(HealthTelemetry telemetry, String id) {
        Optional<ChannelSnapshot> snapshot = telemetry.snapshot(id);
        return snapshot.map(s -> new Answer(200, HealthJson.one(s))).orElseGet(() -> unknown(telemetry, id));
    }

    private static Answer series(HealthTelemetry telemetry, String id, String secondsText) {
        int seconds;
        try {
            seconds = secondsText == null ? DEFAULT_SECONDS : Integer.parseInt(secondsText.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            return error(400, "seconds='" + secondsText + "' is not allowed; use an integer from 1 to " + MAX_SECONDS
                    + " (default " + DEFAULT_SECONDS + ")", List.of());
        }
        int n = seconds;
        return telemetry.series(id, n).map(s -> new Answer(200, HealthJson.series(id, s)))
                .orElseGet(() -> unknown(telemetry, id));
    }

    private static Answer unknown(HealthTelemetry telemetry, String id) {
        List<String> known = telemetry.channelIds();
        return error(404, "unknown channel '" + id + "'; known channels: "
                + (known.isEmpty() ? "none" : String.join(", ", known)), known);
    }

    /** The error shape of every Genlock endpoint: {@code {"status", "error", "allowed"?}}. */
    private static Answer error(int status, String message, List<String> allowed) {
        return new Answer(status, ErrorJson.body(status, message, allowed));
    }
}
