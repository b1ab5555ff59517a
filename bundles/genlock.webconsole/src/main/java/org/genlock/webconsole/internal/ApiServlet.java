package org.genlock.webconsole.internal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.genlock.api.control.ChannelControl;
import org.genlock.api.deploy.BundleDeployment;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * The JSON HTTP API under {@code /genlock/api/} in the {@code genlock} servlet context, which
 * requires the console credentials. It takes the whole {@code /api/*} tree, so that every path
 * there no route serves (the API root included) is a JSON 404 listing the routes. The health
 * routes belong to the telemetry bundle: its servlet's patterns are more specific than this
 * one's and win while it runs; while it is stopped they fall through to here and are answered
 * 503. {@code channels/{id}/health} is forwarded to that bundle's {@code /api/health/{id}}.
 */
@Component(service = Servlet.class, property = {
		HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api",
		HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
		HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=genlock-api",
		HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
				+ "=genlock)" })
public class ApiServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;
	/** The telemetry bundle's health servlet, by its whiteboard name. */
	static final String HEALTH_SERVLET = "genlock-health";

	private final transient ApiHandler handler;
	/** The deploy bundle's service, for the bundles routes; absent while that bundle is not active. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	transient volatile BundleDeployment deployment;

	@Activate
	public ApiServlet(@Reference ChannelControl control, @Reference PreviewCache previews, @Reference BackendSource backends) {
		this.handler = new ApiHandler(control, previews, () -> deployment, backends);
	}

	@Override
	protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
		String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
		String rest = path.substring("/api".length());
		if (ApiHandler.healthRoute(rest)) {
			// only reached while the telemetry bundle's servlet is not registered
			HttpApi.write(resp, telemetryMissing());
			return;
		}
		String health = ApiHandler.healthChannel(rest);
		if (health != null) {
			// by path, so the telemetry servlet sees its own route (/api/health/{id}); a named
			// dispatcher keeps no path elements in Felix HTTP
			RequestDispatcher d = getServletContext().getRequestDispatcher("/api/health/" + health);
			if (!telemetryActive() || d == null) {
				HttpApi.write(resp, telemetryMissing());
			} else {
				d.forward(req, resp);
			}
			return;
		}
		HttpApi.serve(handler, rest, req, resp);
	}

	static ApiHandler.Answer telemetryMissing() {
		return ApiHandler.Answer.error(503, "channel health comes from the genlock.telemetry bundle, which is not "
				+ "active; start it (Gogo: lb genlock.telemetry, then start <id>)", List.of());
	}

	/** Whether the telemetry bundle's health servlet is registered in this context. */
	private boolean telemetryActive() {
		return getServletContext().getNamedDispatcher(HEALTH_SERVLET) != null;
	}
}
