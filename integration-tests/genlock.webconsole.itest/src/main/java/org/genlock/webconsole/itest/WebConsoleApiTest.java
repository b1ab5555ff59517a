package org.genlock.webconsole.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.itest.support.channel.ChannelFixture.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.Dictionary;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.VideoBackend;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.http.ConsoleHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The HTTP API under /genlock/api/ and the Genlock Web Console page over the framework's
 * real Jetty with the real security provider: routes, JSON, validation with 4xx answers that
 * change nothing, live swaps, preview JPEGs, the forwarded health route, and the console page
 * with its resources and its own API path.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class WebConsoleApiTest {

	static final String CH = "web1";
	static final String API = "/genlock/api/channels/" + CH;
	static final ObjectMapper JSON = new ObjectMapper();

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	ChannelFixture fixture;
	ConsoleHttp http;

	@BeforeEach
	void onAir() throws Exception {
		fixture = new ChannelFixture(context, cm, CH).start("720p50", "bars | timecode");
		http = new ConsoleHttp(context);
		await("API lists " + CH, () -> {
			try {
				HttpResponse<String> r = http.get("/genlock/api/channels");
				return r.statusCode() == 200 && r.body().contains("\"" + CH + "\"");
			} catch (Exception e) {
				return false;
			}
		});
	}

	@AfterEach
	void cleanUp() throws Exception {
		fixture.close();
	}

	static JsonNode json(HttpResponse<String> r) throws Exception {
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		return JSON.readTree(r.body());
	}

	@Test
	void everythingNeedsTheConsoleCredentials() throws Exception {
		assertThat(http.anonymous("/genlock/api/channels").statusCode()).isEqualTo(401);
		assertThat(http.anonymous(API + "/preview.jpg").statusCode()).isEqualTo(401);
		assertThat(http.anonymous("/system/console/genlock").statusCode()).isEqualTo(401);
	}

	@Test
	void channelJsonCarriesStatusBindingsPoolAndCounters() throws Exception {
		await("a fresh frame aired", () -> fixture.backend().status().counters().fresh() > 0);
		JsonNode n = json(http.get(API));
		assertThat(n.get("state").asText()).isIn("RUNNING", "DEGRADED");
		assertThat(n.get("onAir").asBoolean()).isTrue();
		assertThat(n.get("format").asText()).isEqualTo("720p50");
		assertThat(n.at("/policy/bound/bundle").asText()).isEqualTo("genlock.policy.standard");
		assertThat(n.at("/renderer/bound/version").asText())
				.isEqualTo(fixture.bundle("genlock.render.software").getVersion().toString());
		assertThat(n.at("/pool/invariantHolds").asBoolean()).isTrue();
		assertThat(n.at("/counters/fresh").asLong()).isPositive();
		assertThat(n.get("program").asText()).isEqualTo("bars | timecode");
		// what the engine absorbed, the render feed, why it failed and the output latency (API 1.2)
		assertThat(n.get("engine").fieldNames()).toIterable().containsExactly("renderFailures", "staleRenders",
				"lateRenders", "abandonedRenders", "refusedSchedules", "starvedFills", "readyDrops",
				"refusedCompletions", "staleCompletions", "pluginErrors", "rendererFallbacks");
		n.get("engine").forEach(v -> assertThat(v.isIntegralNumber() && v.asLong() >= 0).as("engine counter %s", v).isTrue());
		assertThat(n.get("render").fieldNames()).toIterable().containsExactly("onAir", "candidate", "renderMillis",
				"leadFrames", "fallbackReason", "fallbackTime");
		assertThat(n.has("failureReason")).isTrue();
		assertThat(n.get("failureReason").isNull()).as("no failure on air").isTrue();
		// the fixture's policy prerolls 6 frames: 120 ms at 50p
		assertThat(n.get("outputLatencyMillis").asDouble()).isEqualTo(120.0);
		JsonNode providers = json(http.get("/genlock/api/providers"));
		assertThat(providers.at("/strategy").findValuesAsText("id")).containsExactly("black", "repeat");
	}

	@Test
	void putSelectsLiveAndBadRequestsAreRejectedWithNothingChanged() throws Exception {
		VideoBackend backend = fixture.backend();
		Dictionary<String, Object> before = fixture.configuration();

		HttpResponse<String> unknown = http.putJson(API + "/policy", "{\"id\":\"fastest\"}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json(unknown).get("error").asText()).contains("unknown policy 'fastest'");
		assertThat(json(unknown).get("allowed").toString()).isEqualTo("[\"lowlatency\",\"standard\"]");
		assertThat(http.putJson(API + "/policy", "{\"id\":").statusCode()).isEqualTo(400);
		assertThat(http.send("PUT", API + "/policy", "text/plain", "{\"id\":\"lowlatency\"}").statusCode())
				.isEqualTo(415);
		assertThat(http.putJson("/genlock/api/channels/nosuch/policy", "{\"id\":\"lowlatency\"}").statusCode())
				.isEqualTo(404);
		assertThat(http.putJson(API + "/program", "{\"program\":\"bars | timecode(size=99)\"}").statusCode())
				.isEqualTo(400);
		assertThat(http.send("DELETE", API, null, null).statusCode()).isEqualTo(405);
		Dictionary<String, Object> after = fixture.configuration();
		assertThat(after.get("policy.target")).isEqualTo(before.get("policy.target"));
		assertThat(after.get("program")).isEqualTo(before.get("program"));

		HttpResponse<String> ok = http.putJson(API + "/policy", "{\"id\":\"lowlatency\"}");
		assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
		await("lowlatency bound", () -> "lowlatency".equals(backend.status().policyId()));
		assertThat(http.putJson(API + "/program", "{\"program\":\"bars|timecode(size=2)\"}").body())
				.contains("\"program\":\"bars | timecode(size=2)\"");
		assertThat(backend.state()).isIn(ChannelFixture.ON_AIR);
	}

	@Test
	void startAndStopArePosts() throws Exception {
		VideoBackend backend = fixture.backend();
		assertThat(http.postJson(API + "/stop", "{}").statusCode()).isEqualTo(202);
		await("stopped", () -> backend.state() == BackendState.STOPPED);
		assertThat(http.getBytes(API + "/preview.jpg").statusCode()).as("no preview off air").isEqualTo(409);
		assertThat(http.postJson(API + "/start", "{}").statusCode()).isEqualTo(202);
		await("on air again", () -> ChannelFixture.ON_AIR.contains(backend.state()));
	}

	@Test
	void previewIsAJpegOfTheAiredBars() throws Exception {
		HttpResponse<byte[]> r = http.getBytes(API + "/preview.jpg?width=320&height=180");
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		java.awt.image.BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
		assertThat(image.getWidth()).isEqualTo(320);
		assertThat(image.getHeight()).isEqualTo(180);
		int yellow = image.getRGB(91, 40);
		assertThat((yellow >> 16) & 0xff).isGreaterThan(140);
		assertThat((yellow >> 8) & 0xff).isGreaterThan(140);
		assertThat(yellow & 0xff).isLessThan(70);
		assertThat(http.getBytes(API + "/preview.jpg?width=5000").statusCode()).isEqualTo(400);
	}

	@Test
	void consolePageServesItsResourcesAndItsOwnApiPath() throws Exception {
		HttpResponse<String> page = http.get("/system/console/genlock");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"genlock\"", "/system/console/genlock/res/genlock.js", "Broadcast");
		assertThat(http.get("/system/console/genlock/res/genlock.js").body()).contains("gl-channels");
		assertThat(http.get("/system/console/genlock/res/uPlot.iife.min.js").statusCode()).isEqualTo(200);
		JsonNode n = json(http.get("/system/console/genlock/api/channels/" + CH));
		assertThat(n.get("id").asText()).isEqualTo(CH);
		HttpResponse<String> put = http.putJson("/system/console/genlock/api/channels/" + CH + "/strategy",
				"{\"id\":\"black\"}");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		await("black bound", () -> "black".equals(fixture.backend().status().strategyId()));
	}

	@Test
	void channelHealthComesFromTheTelemetryBundle() throws Exception {
		await("forwarded health", () -> {
			try {
				HttpResponse<String> r = http.get(API + "/health");
				return r.statusCode() == 200 && r.body().contains("verdict");
			} catch (Exception e) {
				return false;
			}
		});
		Bundle telemetry = fixture.bundle("genlock.telemetry");
		telemetry.stop();
		try {
			HttpResponse<String> r = http.get(API + "/health");
			assertThat(r.statusCode()).isEqualTo(503);
			assertThat(json(r).get("error").asText()).contains("genlock.telemetry");
		} finally {
			telemetry.start();
		}
	}
}
