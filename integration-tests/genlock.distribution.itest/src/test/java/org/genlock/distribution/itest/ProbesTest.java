package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unauthenticated probes of the exported jar: /health/live and /health/ready answer
 * without credentials and say nothing but up/ready; readiness follows ch1 leaving and
 * regaining the air through the HTTP API; everything else still wants the credentials; a
 * client that is not on loopback gets 404 until genlock.probes allows remote clients, and a
 * bad value there is an ERROR naming it that keeps the previous setting.
 */
class ProbesTest {

	static final Duration START = Duration.ofSeconds(60);
	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path dir;

	@Test
	void probesAnswerLoopbackWithoutCredentialsAndFollowTheChannel() throws Exception {
		// listen on every address (test only), so that a request can come from a non-loopback one
		Path configs = Distribution.copyShippedConfigs(dir);
		Path httpCfg = configs.resolve("org.apache.felix.http.cfg");
		Files.writeString(httpCfg, Files.readString(httpCfg).replace("org.apache.felix.http.host=127.0.0.1",
				"org.apache.felix.http.host=0.0.0.0"));
		try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
				port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
			String local = d.origin();
			awaitAnswer(d, local + "/health/ready", 200, "ready\n");
			HttpResponse<String> live = get(local + "/health/live", null);
			assertThat(live.statusCode()).isEqualTo(200);
			assertThat(live.body()).isEqualTo("up\n");

			// everything else stays behind the credentials
			assertThat(get(local + "/metrics", null).statusCode()).isEqualTo(401);
			assertThat(get(local + "/genlock/api/health", null).statusCode()).isEqualTo(401);

			String password = d.generatedPassword();
			assertThat(post(local + "/genlock/api/channels/ch1/stop", password).statusCode()).isEqualTo(202);
			awaitAnswer(d, local + "/health/ready", 503, "not ready\n");
			assertThat(get(local + "/health/live", null).body()).isEqualTo("up\n");
			assertThat(post(local + "/genlock/api/channels/ch1/start", password).statusCode()).isEqualTo(202);
			awaitAnswer(d, local + "/health/ready", 200, "ready\n");

			// a client on another address: 404 as shipped
			String remote = "http://" + nonLoopbackAddress() + ":" + d.port;
			assertThat(get(remote + "/health/live", null).statusCode()).isEqualTo(404);
			assertThat(get(remote + "/health/ready", null).statusCode()).isEqualTo(404);

			Path probes = dir.resolve("configs/genlock.probes.cfg");
			Files.writeString(probes, "allowRemote=yes\n");
			d.awaitLog("genlock.probes: key 'allowRemote' = 'yes' rejected: allowed values are true and false", START);
			assertThat(get(remote + "/health/live", null).statusCode()).isEqualTo(404);

			Files.writeString(probes, "allowRemote=true\n");
			awaitAnswer(d, remote + "/health/live", 200, "up\n");
			assertThat(get(remote + "/health/ready", null).body()).isEqualTo("ready\n");

			Files.writeString(probes, "enabled=false\nallowRemote=true\n");
			awaitAnswer(d, local + "/health/live", 404, null);
			d.terminate(Duration.ofSeconds(15));
		}
	}

	private void awaitAnswer(Distribution d, String url, int status, String body) throws Exception {
		long deadline = System.nanoTime() + START.toNanos();
		String last = "no answer";
		while (System.nanoTime() < deadline && d.process.isAlive()) {
			try {
				HttpResponse<String> r = get(url, null);
				if (r.statusCode() == status && (body == null || body.equals(r.body()))) {
					return;
				}
				last = r.statusCode() + " " + r.body();
			} catch (java.io.IOException e) {
				last = e.toString();
			}
			Thread.sleep(200);
		}
		throw new AssertionError("GET " + url + " never answered " + status + " " + body + " (last: " + last
				+ "); log tail:\n" + d.tail());
	}

	private HttpResponse<String> get(String url, String password) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String url, String password) throws Exception {
		HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
				.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("")).build();
		return http.send(r, HttpResponse.BodyHandlers.ofString());
	}

	/** An IPv4 address of this host that is not loopback (the test needs one; none is a failure). */
	private static String nonLoopbackAddress() throws Exception {
		for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!n.isUp() || n.isLoopback()) {
				continue;
			}
			for (InetAddress a : Collections.list(n.getInetAddresses())) {
				if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
					return a.getHostAddress();
				}
			}
		}
		throw new AssertionError("this host has no non-loopback IPv4 address to send a remote client's request from");
	}
}
