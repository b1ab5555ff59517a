package org.genlock.telemetry.internal;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * Prometheus metrics at {@code /metrics} in the default servlet context, where scrapers
 * expect them, behind the Web Console's credentials (the security provider answers 401).
 * The format follows the Accept header (Prometheus text, OpenMetrics, protobuf).
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + MetricsServlet.PATTERN,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=genlock-metrics" })
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATTERN = "/metrics";
    static final String SECURITY_TARGET = "(" + SecurityProvider.PROPERTY_ID + "=genlock)";

    @Reference(target = SECURITY_TARGET)
    transient SecurityProvider security;

    @Reference
    transient HealthTelemetry telemetry;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (security.authenticate(request, response) == null) {
            return;
        }
        Exposition.Written written = telemetry.exposition().write(request.getHeader("Accept"));
        response.setContentType(written.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", "Accept");
        response.setContentLength(written.body().length);
        response.getOutputStream().write(written.body());
    }
}
