package org.genlock.probes.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health/live} (200 {@code up} or 503 {@code down}) and {@code GET /health/ready}
 * (200 {@code ready} or 503 {@code not ready}) without credentials, for load balancers and
 * orchestrators. They say nothing else (no channel names, states or versions); everything
 * else stays behind the console credentials. By default only clients on this host get an
 * answer (others: 404, as if there were no probes), since the server listens on loopback as
 * shipped; {@code allowRemote=true} opens them to a load balancer.
 */
@Component(service = Servlet.class, configurationPid = ProbeServlet.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
				HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + ProbeServlet.LIVE,
				HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=" + ProbeServlet.READY,
				HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=genlock-probes" })
@Designate(ocd = ProbesConfig.class)
public class ProbeServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;
	static final String PID = "genlock.probes";
	static final String LIVE = "/health/live";
	static final String READY = "/health/ready";
	private static final Logger LOG = LoggerFactory.getLogger(ProbeServlet.class);

	@Reference(target = "(genlock.probe=live)")
	transient BooleanSupplier live;

	@Reference(target = "(genlock.probe=ready)")
	transient BooleanSupplier ready;

	private volatile boolean enabled = true;
	private volatile boolean allowRemote;

	@Activate
	@Modified
	void configure(ProbesConfig config) {
		Boolean e = flag("enabled", config.enabled());
		Boolean r = flag("allowRemote", config.allowRemote());
		if (e == null || r == null) {
			return; // the previous values stay in force
		}
		enabled = e;
		allowRemote = r;
	}

	/** true or false, or null after an ERROR naming the key, the value and the allowed values. */
	private Boolean flag(String key, String value) {
		String v = value == null ? "" : value.strip();
		if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
			return Boolean.valueOf(v);
		}
		LOG.error("{}: key '{}' = '{}' rejected: allowed values are true and false. The previous configuration "
				+ "stays in force (enabled={}, allowRemote={}).", PID, key, value, enabled, allowRemote);
		return null;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!enabled || (!allowRemote && !loopback(request.getRemoteAddr()))) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		boolean isLive = LIVE.equals(request.getServletPath());
		boolean yes = isLive ? live.getAsBoolean() : ready.getAsBoolean();
		response.setStatus(yes ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setContentType("text/plain; charset=utf-8");
		response.setHeader("Cache-Control", "no-store");
		response.getWriter().write(isLive ? (yes ? "up\n" : "down\n") : (yes ? "ready\n" : "not ready\n"));
	}

	/** The client's address is this host's loopback (a literal address: no name lookup). */
	static boolean loopback(String address) {
		try {
			return address != null && InetAddress.getByName(address).isLoopbackAddress();
		} catch (UnknownHostException e) {
			return false;
		}
	}
}
