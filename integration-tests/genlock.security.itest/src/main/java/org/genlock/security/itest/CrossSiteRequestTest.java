package org.genlock.security.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * Cross-site requests against the Web Console's own pages and any servlet on the server: a
 * change (any method but GET, HEAD, OPTIONS) whose Origin, or Referer without an Origin, is not
 * this server is refused with 403 before it reaches a servlet; same-origin pages and scripts that
 * send neither header still work.
 */
class CrossSiteRequestTest extends ConsoleTestSupport {

    static final String EVIL = "http://evil.example";
    static final String LIBRARY = "org.osgi.util.function";

    String password;

    @BeforeEach
    void steadyState() throws Exception {
        base = endpoint();
        configuration().delete();
        password = generatedPassword();
        awaitStatus(CONSOLE, password, 200);
    }

    @AfterEach
    void restore() throws Exception {
        configuration().delete();
        Bundle library = bundle(LIBRARY);
        if (library.getState() != Bundle.ACTIVE) {
            library.start();
        }
    }

    @Test
    void aForeignOriginCannotChangeTheConsolePasswordThroughTheConfigurationPage() throws Exception {
        HttpResponse<String> r = post("/system/console/configMgr/genlock.security", passwordForm("taken over by evil"),
                Map.of("Origin", EVIL));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("Origin").contains(EVIL);
        Thread.sleep(1000); // a configuration change would have reached genlock.security by now
        assertThat(get("/system/console/bundles.json", "admin", "taken over by evil").statusCode()).isEqualTo(401);
        assertThat(get("/system/console/bundles.json", "admin", password).statusCode()).isEqualTo(200);
        assertThat(configAdmin.listConfigurations("(service.pid=genlock.security)")).isNull();
    }

    @Test
    void aForeignOriginCannotStopABundle() throws Exception {
        Bundle library = bundle(LIBRARY);
        HttpResponse<String> r = post("/system/console/bundles/" + library.getBundleId(), "action=stop",
                Map.of("Origin", EVIL));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(library.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void originNullAnotherPortAnotherSchemeAndAForeignRefererAreAllForeign() throws Exception {
        Bundle library = bundle(LIBRARY);
        String path = "/system/console/bundles/" + library.getBundleId();
        int port = URI.create(base).getPort();
        for (Map<String, String> headers : new Map[] {
            Map.of("Origin", "null"),
            Map.of("Origin", "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1)),
            Map.of("Origin", base.replace("http://", "https://")),
            Map.of("Referer", EVIL + "/page.html"),
            Map.of("Referer", "not a url"),
            Map.of("Origin", EVIL, "Referer", base + "/system/console/bundles")
        }) {
            HttpResponse<String> r = post(path, "action=stop", headers);
            assertThat(r.statusCode()).as("%s: %s", headers, r.body()).isEqualTo(403);
            assertThat(library.getState()).as("%s", headers).isEqualTo(Bundle.ACTIVE);
        }
    }

    @Test
    void theConsolesOwnPagesAndScriptsWithoutOriginStillChangeThings() throws Exception {
        Bundle library = bundle(LIBRARY);
        String path = "/system/console/bundles/" + library.getBundleId();
        assertThat(post(path, "action=stop", Map.of("Origin", base)).statusCode()).isEqualTo(200);
        assertThat(library.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(post(path, "action=start", Map.of("Referer", base + "/system/console/bundles")).statusCode())
                .isEqualTo(200);
        assertThat(library.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(post(path, "action=stop", Map.of()).statusCode()).as("curl: neither header").isEqualTo(200);
        assertThat(library.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(post(path, "action=start", Map.of("Origin", base)).statusCode()).isEqualTo(200);
        assertThat(library.getState()).isEqualTo(Bundle.ACTIVE);

        HttpResponse<String> saved = post("/system/console/configMgr/genlock.security",
                passwordForm("a same-origin password"), Map.of("Origin", base));
        assertThat(saved.statusCode()).isIn(200, 302);
        awaitStatus(CONSOLE, "admin", "a same-origin password", 200);
    }

    @Test
    void readsAreNotCheckedAndEveryServletContextIsGuarded() throws Exception {
        assertThat(get("/system/console/bundles.json", Map.of("Origin", EVIL)).statusCode()).isEqualTo(200);

        AtomicInteger posts = new AtomicInteger();
        ServiceRegistration<Servlet> open = probe("/open-probe", null, posts);
        ServiceRegistration<Servlet> genlock = probe("/probe", "genlock", posts);
        try {
            awaitProbe("/open-probe", null);
            awaitProbe("/genlock/probe", password);
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> r = send(method, "/open-probe", null, Map.of("Origin", EVIL), "x=1");
                assertThat(r.statusCode()).as("%s /open-probe", method).isEqualTo(403);
                r = send(method, "/genlock/probe", password, Map.of("Origin", EVIL), "x=1");
                assertThat(r.statusCode()).as("%s /genlock/probe", method).isEqualTo(403);
            }
            HttpResponse<String> json = send("POST", "/genlock/probe", password,
                    Map.of("Origin", EVIL, "Accept", "application/json"), "{}");
            assertThat(json.statusCode()).isEqualTo(403);
            assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(json.body()).contains("\"status\":403").contains("evil.example");
            assertThat(posts).as("no refused request reached a servlet").hasValue(0);
            assertThat(send("POST", "/open-probe", null, Map.of("Origin", base), "x=1").statusCode()).isEqualTo(200);
            assertThat(posts).hasValue(1);
        } finally {
            open.unregister();
            genlock.unregister();
        }
    }

    // --- helpers

    static String passwordForm(String newPassword) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("apply", "true");
        form.put("action", "ajaxConfigManager");
        form.put("propertylist", "username,password");
        form.put("username", "admin");
        form.put("password", newPassword);
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    ServiceRegistration<Servlet> probe(String pattern, String contextName, AtomicInteger posts) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, pattern);
        if (contextName != null) {
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT,
                    "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + contextName + ")");
        }
        return context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if (!"GET".equals(req.getMethod())) {
                    posts.incrementAndGet();
                }
                resp.setContentType("text/plain");
                resp.getWriter().print("probe " + req.getMethod());
            }
        }, props);
    }

    void awaitProbe(String path, String pw) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (send("GET", path, pw, Map.of(), null).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " never answered 200");
            }
            Thread.sleep(100);
        }
    }

    HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        return send("GET", path, password, headers, null);
    }

    HttpResponse<String> post(String path, String form, Map<String, String> headers) throws IOException, InterruptedException {
        return send("POST", path, password, headers, form);
    }

    HttpResponse<String> send(String method, String path, String pw, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (pw != null) {
            b.header("Authorization", basic("admin", pw));
        }
        if (body != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
