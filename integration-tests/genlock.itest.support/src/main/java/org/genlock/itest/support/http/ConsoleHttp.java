package org.genlock.itest.support.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Requests to the framework's HTTP endpoint with the console credentials that genlock.security
 * generated under {@code genlock.home}. The endpoint comes from the HTTP runtime service, so
 * the tests run on a free port.
 */
public final class ConsoleHttp {

	private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
	private static final String ENDPOINT = "osgi.http.endpoint";

	private final BundleContext context;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public ConsoleHttp(BundleContext context) {
		this.context = context;
	}

	/** The endpoint without a trailing slash, e.g. {@code http://127.0.0.1:40123}. */
	public String base() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		ServiceReference<?> ref;
		while ((ref = context.getServiceReference(RUNTIME)) == null) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("no HTTP runtime service within 30 s");
			}
			Thread.sleep(50);
		}
		Object endpoint = ref.getProperty(ENDPOINT);
		String first = endpoint instanceof String[] a ? a[0]
				: endpoint instanceof Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(endpoint);
		return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
	}

	/** The generated console password. */
	public String password() throws IOException, InterruptedException {
		Path file = Path.of(context.getProperty("genlock.home"), "secrets", "console-password");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!Files.exists(file)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("no console password at " + file + " within 30 s");
			}
			Thread.sleep(100);
		}
		return Files.readString(file).trim();
	}

	private HttpRequest.Builder request(String path, boolean authenticated) throws IOException, InterruptedException {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(15));
		if (authenticated) {
			b.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString(("admin:" + password()).getBytes(StandardCharsets.UTF_8)));
		}
		return b;
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(request(path, true).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
		return http.send(request(path, true).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/** A GET with an Accept header, e.g. to ask /metrics for another exposition format. */
	public HttpResponse<byte[]> getAccepting(String path, String accept) throws IOException, InterruptedException {
		return http.send(request(path, true).header("Accept", accept).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	public HttpResponse<String> anonymous(String path) throws IOException, InterruptedException {
		return http.send(request(path, false).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Sends {@code body} with {@code contentType} (null for none) by {@code method}. */
	public HttpResponse<String> send(String method, String path, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder b = request(path, true).method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			b.header("Content-Type", contentType);
		}
		return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> putJson(String path, String json) throws IOException, InterruptedException {
		return send("PUT", path, "application/json", json);
	}

	public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
		return send("POST", path, "application/json", json);
	}
}
