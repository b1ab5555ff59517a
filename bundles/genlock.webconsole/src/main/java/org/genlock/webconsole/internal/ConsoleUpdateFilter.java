package org.genlock.webconsole.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.genlock.api.deploy.BundleDeployment;
import org.genlock.api.deploy.Change;
import org.genlock.api.deploy.DeployedBundle;
import org.genlock.api.deploy.DeploymentException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web Console's <em>Update</em> button ({@code POST /system/console/bundles/<id>} with
 * {@code action=update}) for a Genlock or deployed bundle. The console calls
 * {@code Bundle.update()}, which reads the bundle's location; the exported jar installs its
 * bundles from paths inside itself ({@code jar/genlock.backend-0.2.0.jar}) that no URL reads, so
 * the framework stopped the bundle, failed with a stack trace and started it again, for nothing
 * (for genlock.backend: every channel off air). Here the update goes to
 * {@link BundleDeployment#update(String)} instead: the newest version in deploy/ or among the kept
 * ones, checked first and swapped in place; with none newer the answer and the log say so, and
 * the bundle is not touched. Runs after the console's authentication (a filter of its context).
 * The Bundles page's Update dialog reaches it through {@link BundlesScript}.
 */
@Component(service = Filter.class, property = {
		// the console's context sits at its manager root, or at / with the root in the servlet's pattern
		HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=/bundles/*",
		HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=/system/console/bundles/*",
		HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=" + BundlesScript.PATH,
		HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=/system/console" + BundlesScript.PATH,
		HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME + "=genlock-console-update",
		HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT + "=(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME
				+ "=org.apache.felix.webconsole)" })
public class ConsoleUpdateFilter extends HttpFilter {

	private static final long serialVersionUID = 1L;
	private static final Logger LOG = LoggerFactory.getLogger(ConsoleUpdateFilter.class);
	private static final java.util.regex.Pattern BUNDLE_PATH = java.util.regex.Pattern.compile(".*/bundles/([^/]+)");

	/** Optional: without genlock.deploy the console's Update is left as it is (and resolving never needs it). */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	transient volatile BundleDeployment deployment;
	private final transient BundleContext context;

	@Activate
	public ConsoleUpdateFilter(BundleContext context) {
		this.context = context;
	}

	@Override
	protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
			throws IOException, ServletException {
		if (BundlesScript.isScript(req)) {
			BundlesScript.serve(req, resp, chain);
			return;
		}
		BundleDeployment deployment = this.deployment;
		String bsn = deployment == null ? null : updateOf(req, deployment);
		if (bsn == null) {
			chain.doFilter(req, resp);
			return;
		}
		try {
			Change c = deployment.update(bsn);
			Bundle b = context.getBundle(c.bundleId());
			resp.setStatus(200);
			resp.setContentType(ApiHandler.JSON);
			var o = ViewJson.MAPPER.createObjectNode();
			o.put("fragment", false);
			o.put("stateRaw", b == null ? Bundle.UNINSTALLED : b.getState());
			o.set("genlock", BundleRoutes.change(c));
			resp.getWriter().write(o.toString());
		} catch (DeploymentException e) {
			LOG.warn("Web Console Update of {}: {}", bsn, e.getMessage());
			HttpApi.write(resp, ApiHandler.Answer.error(BundleRoutes.status(e), e.getMessage(), e.allowed()));
		}
	}

	/** The symbolic name of the Genlock or deployed bundle this request updates, or null for any other request. */
	private String updateOf(HttpServletRequest req, BundleDeployment deployment) {
		if (!"POST".equals(req.getMethod())) {
			return null;
		}
		String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
		if (!type.startsWith("application/x-www-form-urlencoded")) {
			return null; // Install/Update uploads are multipart and stay the console's
		}
		java.util.regex.Matcher m = BUNDLE_PATH.matcher(req.getRequestURI());
		if (!m.matches() || !"update".equals(req.getParameter("action"))) {
			return null;
		}
		String which = m.group(1);
		Bundle b = null;
		try {
			b = context.getBundle(Long.parseLong(which));
		} catch (NumberFormatException e) {
			for (Bundle candidate : context.getBundles()) {
				if (which.equals(candidate.getSymbolicName())) {
					b = candidate;
				}
			}
		}
		if (b == null) {
			return null;
		}
		String bsn = b.getSymbolicName();
		List<String> known = deployment.bundles().stream().map(DeployedBundle::symbolicName).toList();
		return known.contains(bsn) ? bsn : null;
	}
}
