package org.genlock.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.genlock.api.control.ChannelControl;
import org.genlock.api.deploy.BundleDeployment;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.owasp.encoder.Encode;

/**
 * The "Genlock" page of the Web Console (category "Broadcast"): every channel live, with its
 * tally, bindings and their bundles, queue, pool, counters, swaps, preview and health charts,
 * and the controls to select providers, change the program and start or stop it. The page's
 * script talks to the same API as {@code /genlock/api/}, served here under
 * {@code /system/console/genlock/api/} so that it needs nothing but the console login.
 */
@Component(service = Servlet.class, property = {
		ServletConstants.PLUGIN_LABEL + "=" + GenlockPlugin.LABEL,
		ServletConstants.PLUGIN_TITLE + "=Genlock",
		ServletConstants.PLUGIN_CATEGORY + "=Broadcast",
		ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + GenlockPlugin.LABEL + "/res/genlock.css",
		ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + GenlockPlugin.LABEL + "/res/uPlot.min.css" })
public class GenlockPlugin extends AbstractServlet {

	private static final long serialVersionUID = 1L;
	static final String LABEL = "genlock";
	private static final String API = "/" + LABEL + "/api";

	private final transient ApiHandler handler;
	/** The deploy bundle's service, for the bundles routes; absent while that bundle is not active. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	transient volatile BundleDeployment deployment;

	@Activate
	public GenlockPlugin(@Reference ChannelControl control, @Reference PreviewCache previews,
			@Reference BackendSource backends) {
		this.handler = new ApiHandler(control, previews, () -> deployment, backends);
	}

	/** The API part of a request path, or null for the page and its resources. */
	private static String apiPath(HttpServletRequest req) {
		String info = req.getPathInfo();
		if (info == null) {
			return null;
		}
		if (info.equals(API) || info.startsWith(API + "/")) {
			return info.substring(API.length());
		}
		return null;
	}

	@Override
	protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
		String api = apiPath(req);
		if (api != null) {
			HttpApi.serve(handler, api, req, resp);
			return;
		}
		super.doGet(req, resp);
	}

	@Override
	protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
		serveChange(req, resp);
	}

	@Override
	protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
		serveChange(req, resp);
	}

	private void serveChange(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		String api = apiPath(req);
		if (api == null) {
			HttpApi.write(resp, ApiHandler.Answer.error(405, "the Genlock page takes changes only under " + API
					+ "/", java.util.List.of("GET")));
			return;
		}
		HttpApi.serve(handler, api, req, resp);
	}

	@Override
	public void renderContent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
		Object root = req.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
		String pluginRoot = root == null ? req.getContextPath() + req.getServletPath() + "/" + LABEL : root.toString();
		PrintWriter out = resp.getWriter();
		out.println("<div id=\"genlock\" data-api=\"" + Encode.forHtmlAttribute(pluginRoot + "/api") + "\" data-health=\""
				+ Encode.forHtmlAttribute("/genlock/api/health") + "\">");
		out.println("<p class=\"statline\" id=\"gl-statline\">Loading channels&hellip;</p>");
		out.println("<div id=\"gl-channels\"></div>");
		out.println("<div id=\"gl-bundles\"></div>");
		out.println("</div>");
		out.println("<script src=\"" + Encode.forHtmlAttribute(pluginRoot + "/res/uPlot.iife.min.js") + "\"></script>");
		out.println("<script src=\"" + Encode.forHtmlAttribute(pluginRoot + "/res/genlock.js") + "\"></script>");
	}
}
