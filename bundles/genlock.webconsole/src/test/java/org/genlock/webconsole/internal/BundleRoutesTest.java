package org.genlock.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.genlock.api.deploy.BundleDeployment;
import org.genlock.api.deploy.Change;
import org.genlock.api.deploy.DeployedBundle;
import org.genlock.api.deploy.DeploymentException;
import org.genlock.api.deploy.DeploymentException.Reason;
import org.junit.jupiter.api.Test;

/** The bundles routes on a fake deployment: shapes, methods, content type, errors. */
class BundleRoutesTest {

	static final class FakeDeployment implements BundleDeployment {
		final List<String> calls = new ArrayList<>();
		final DeployedBundle example = new DeployedBundle("com.example.p", 49, "2.0.0", "ACTIVE", "deploy/p.jar",
				List.of("2.0.0", "1.0.0"), "1.0.0");

		@Override
		public List<DeployedBundle> bundles() {
			return List.of(example);
		}

		@Override
		public DeployedBundle bundle(String bsn) throws DeploymentException {
			if (!bsn.equals(example.symbolicName())) {
				throw new DeploymentException(Reason.UNKNOWN_BUNDLE, "unknown bundle '" + bsn + "'", List.of("com.example.p"));
			}
			return example;
		}

		@Override
		public Change rollback(String bsn) throws DeploymentException {
			bundle(bsn);
			calls.add("rollback " + bsn);
			return new Change(bsn, 49, "2.0.0", "1.0.0");
		}

		@Override
		public Change update(String bsn) throws DeploymentException {
			bundle(bsn);
			throw new DeploymentException(Reason.NOTHING_KEPT, bsn + " 2.0.0 is the newest version there is");
		}
	}

	final FakeDeployment deployment = new FakeDeployment();
	final BundleRoutes routes = new BundleRoutes(() -> deployment);

	ApiHandler.Answer call(BundleRoutes r, String method, String path, String type) {
		return r.handle(new ApiHandler.Request(method, path, Map.of(), type, new byte[0]), ApiHandler.segments(path));
	}

	static JsonNode json(ApiHandler.Answer a) throws Exception {
		return ViewJson.MAPPER.readTree(a.body());
	}

	@Test
	void listsVersionsAndRollsBack() throws Exception {
		JsonNode list = json(call(routes, "GET", "/bundles", null));
		assertEquals("com.example.p", list.get(0).get("symbolicName").asText());
		assertEquals("1.0.0", list.get(0).get("previous").asText());
		assertEquals("[\"2.0.0\",\"1.0.0\"]", list.get(0).get("kept").toString());
		ApiHandler.Answer a = call(routes, "POST", "/bundles/com.example.p/rollback", "application/json");
		assertEquals(200, a.status(), a.text());
		assertEquals("{\"symbolicName\":\"com.example.p\",\"bundleId\":49,\"from\":\"2.0.0\",\"to\":\"1.0.0\"}", a.text());
		assertEquals(List.of("rollback com.example.p"), deployment.calls);
	}

	@Test
	void refusalsUseTheApiErrorShapeAndChangeNothing() throws Exception {
		ApiHandler.Answer unknown = call(routes, "POST", "/bundles/x/rollback", "application/json");
		assertEquals(404, unknown.status());
		assertEquals("unknown bundle 'x'", json(unknown).get("error").asText());
		assertEquals("[\"com.example.p\"]", json(unknown).get("allowed").toString());
		ApiHandler.Answer none = call(routes, "POST", "/bundles/com.example.p/update", "application/json");
		assertEquals(409, none.status());
		assertTrue(json(none).get("error").asText().contains("newest version"));
		assertEquals(415, call(routes, "POST", "/bundles/com.example.p/rollback", "text/plain").status());
		assertEquals(405, call(routes, "GET", "/bundles/com.example.p/rollback", null).status());
		assertEquals(405, call(routes, "DELETE", "/bundles", null).status());
		assertEquals(503, call(new BundleRoutes(() -> null), "GET", "/bundles", null).status());
		assertEquals(List.of(), deployment.calls);
	}
}
