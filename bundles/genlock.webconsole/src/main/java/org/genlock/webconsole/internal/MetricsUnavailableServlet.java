package org.genlock.webconsole.internal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.genlock.support.http.ErrorJson;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * {@code /metrics} while the telemetry bundle, which serves it, is not running: a 503 saying so
 * (behind the same credentials), instead of a 404 that reads as a wrong scrape URL. Registered
 * with the lowest ranking on the same pattern, so the whiteboard shadows it for as long as the
 * telemetry bundle's servlet is there and brings it back when that one goes.
 */
@Component(service = Servlet.class, property = {
		HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/metrics",
		HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=genlock-metrics-unavailable",
		Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE })
public class MetricsUnavailableServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	@Reference(target = "(" + SecurityProvider.PROPERTY_ID + "=genlock)")
	transient SecurityProvider security;

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (security.authenticate(request, response) == null) {
			return;
		}
		ErrorJson.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "metrics come from the genlock.telemetry "
				+ "bundle, which is not active; start it (Gogo: lb genlock.telemetry, then start <id>)", List.of());
	}
}
