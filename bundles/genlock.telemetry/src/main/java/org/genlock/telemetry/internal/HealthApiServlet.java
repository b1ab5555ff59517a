package org.genlock.telemetry.internal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * The health API in the {@code genlock} servlet context (which requires the console
 * credentials): {@code /genlock/api/health} for every channel and
 * {@code /genlock/api/channels/{id}/health} for one.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + HealthApiServlet.ALL_PATTERN,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + HealthApiServlet.CHANNEL_PATTERN,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=genlock-health",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=genlock)" })
public class HealthApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ALL_PATTERN = "/api/health";
    static final String CHANNEL_PATTERN = "/api/channels/*";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String HEALTH_SUFFIX = "/health";

    @Reference
    transient HealthTelemetry telemetry;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Answer answer = answer(telemetry, request.getServletPath(), request.getPathInfo());
        response.setStatus(answer.status());
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.body());
    }

    /** A status code and JSON body. */
    record Answer(int status, String body) {}

    /** Routes a request; separate from the servlet API so that it is testable. */
    static Answer answer(HealthTelemetry telemetry, String servletPath, String pathInfo) {
        if (ALL_PATTERN.equals(servletPath)) {
            return new Answer(200, HealthJson.all(telemetry.snapshots()));
        }
        String rest = pathInfo == null ? "" : pathInfo;
        if (rest.startsWith("/") && rest.endsWith(HEALTH_SUFFIX)) {
            String id = rest.substring(1, Math.max(1, rest.length() - HEALTH_SUFFIX.length()));
            if (!id.isEmpty() && !id.contains("/")) {
                Optional<ChannelSnapshot> snapshot = telemetry.snapshot(id);
                return snapshot.map(s -> new Answer(200, HealthJson.one(s)))
                        .orElseGet(() -> new Answer(404, HealthJson.unknownChannel(id, telemetry.channelIds())));
            }
        }
        return new Answer(404, HealthJson.error("no such resource '" + servletPath + rest
                + "'; use /genlock/api/health or /genlock/api/channels/{id}/health"));
    }
}
