package org.genlock.security.itest;

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

import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** What the console tests share: the HTTP endpoint, the generated password, requests. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
abstract class ConsoleTestSupport {

    static final String CONSOLE = "/system/console/bundles.json";
    static final Duration WAIT = Duration.ofSeconds(20);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 20_000)
    HttpServiceRuntime httpRuntime;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base;

    /** The HTTP runtime's endpoint without a trailing slash, e.g. {@code http://127.0.0.1:40123}. */
    String endpoint() {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String first = endpoint instanceof String[] a ? a[0]
                : endpoint instanceof Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(endpoint);
        return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
    }

    Configuration configuration() throws IOException {
        return configAdmin.getConfiguration("genlock.security", "?");
    }

    Path passwordFile() {
        return Path.of(context.getProperty("genlock.home"), "secrets", "console-password");
    }

    String generatedPassword() throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(passwordFile()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Files.readString(passwordFile()).strip();
    }

    Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(bsn + " not installed");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", basic(user, password));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    void awaitStatus(String path, String password, int status) throws Exception {
        awaitStatus(path, "admin", password, status);
    }

    void awaitStatus(String path, String user, String password, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int last;
        do {
            last = get(path, user, password).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + path + " as " + user + " answered " + last + ", expected " + status);
    }
}
