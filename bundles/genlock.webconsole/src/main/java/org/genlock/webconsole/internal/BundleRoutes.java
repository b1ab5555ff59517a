package org.genlock.webconsole.internal;

import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.genlock.api.deploy.BundleDeployment;
import org.genlock.api.deploy.Change;
import org.genlock.api.deploy.DeployedBundle;
import org.genlock.api.deploy.DeploymentException;
import org.genlock.webconsole.internal.ApiHandler.Answer;
import org.genlock.webconsole.internal.ApiHandler.Request;

/**
 * The API's {@code bundles} routes on {@link BundleDeployment}: the versions that run and are
 * kept, rollback and update. Answered 503 while the deploy bundle is not active, so the rest of
 * the API does not depend on it.
 */
final class BundleRoutes {

	private final Supplier<BundleDeployment> deployment;

	BundleRoutes(Supplier<BundleDeployment> deployment) {
		this.deployment = deployment;
	}

	Answer handle(Request r, String[] p) {
		BundleDeployment d = deployment.get();
		if (d == null) {
			return Answer.error(503, "bundle versions and rollback come from the genlock.deploy bundle, which is not active",
					List.of());
		}
		try {
			if (p.length == 1) {
				Answer a = ApiHandler.only(r, "GET");
				if (a != null) {
					return a;
				}
				ArrayNode list = ViewJson.MAPPER.createArrayNode();
				d.bundles().forEach(b -> list.add(bundle(b)));
				return Answer.json(200, list);
			}
			if (p.length == 2) {
				Answer a = ApiHandler.only(r, "GET");
				return a != null ? a : Answer.json(200, bundle(d.bundle(p[1])));
			}
			if (p.length == 3 && (p[2].equals("rollback") || p[2].equals("update"))) {
				Answer a = ApiHandler.change(r, "POST");
				if (a != null) {
					return a;
				}
				Change c = p[2].equals("rollback") ? d.rollback(p[1]) : d.update(p[1]);
				return Answer.json(200, change(c));
			}
			d.bundle(p[1]); // an unknown bundle is the first thing to report
			return Answer.error(404, "no such resource '" + r.path() + "'; bundle routes: GET bundles, GET bundles/{bsn}, "
					+ "POST bundles/{bsn}/rollback, POST bundles/{bsn}/update", List.of());
		} catch (DeploymentException e) {
			return Answer.error(status(e), e.getMessage(), e.allowed());
		}
	}

	static ObjectNode bundle(DeployedBundle b) {
		ObjectNode o = ViewJson.MAPPER.createObjectNode();
		o.put("symbolicName", b.symbolicName());
		o.put("bundleId", b.bundleId());
		o.put("version", b.version());
		o.put("state", b.state());
		o.put("source", b.source());
		ArrayNode kept = o.putArray("kept");
		b.kept().forEach(kept::add);
		o.put("previous", b.previous());
		return o;
	}

	static ObjectNode change(Change c) {
		ObjectNode o = ViewJson.MAPPER.createObjectNode();
		o.put("symbolicName", c.symbolicName());
		o.put("bundleId", c.bundleId());
		o.put("from", c.from());
		o.put("to", c.to());
		return o;
	}

	static int status(DeploymentException e) {
		return switch (e.reason()) {
			case UNKNOWN_BUNDLE -> 404;
			case NOTHING_KEPT, REFUSED -> 409;
			case FAILED -> 500;
			case UNAVAILABLE -> 503;
		};
	}
}
