package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route under /genlock/ of the exported platform answers its errors in one JSON shape,
 * {@code {"status", "error", "allowed"?}}, whichever bundle serves it (genlock.security for the
 * context, its authentication and its unknown paths, genlock.webconsole for the API,
 * genlock.telemetry for health), and the health routes and /metrics answer 503 in that shape
 * while genlock.telemetry is stopped.
 */
class ApiErrorsTest {

    static final Duration START = Duration.ofSeconds(60);
    static final String API = "/genlock/api";
    static final String JSON_BODY = "application/json";

    @TempDir
    static Path dir;

    static Distribution platform;
    static String password;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        platform = Distribution.start("genlock.jar", dir);
        platform.awaitLog("Genlock started in", START);
        platform.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
        password = platform.generatedPassword();
        platform.awaitStatus(API + "/health/ch1", "admin", password, 200, START);
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.terminate(Duration.ofSeconds(15));
            platform.close();
        }
    }

    @Test
    void everyRouteAnswersItsErrorsInOneJsonShape() throws Exception {
        List<String> wrong = new ArrayList<>();
        // unknown routes, the API root included (Jetty's HTML 404 before)
        for (String path : List.of(API, API + "/", API + "/nosuchroute", API + "/channels/ch1/nosuch",
                API + "/channels/ch1/policy/x", "/genlock/", "/genlock/nosuch", API + "/health/ch1/nosuch")) {
            check(wrong, send("GET", path, null, null, Map.of()), 404, null);
        }
        check(wrong, send("GET", API + "/channels/nosuch", null, null, Map.of()), 404, null);
        check(wrong, send("GET", API + "/providers/nosuch", null, null, Map.of()), 404,
                List.of("device", "renderer", "policy", "strategy", "shader"));
        check(wrong, send("GET", API + "/health/nosuch", null, null, Map.of()), 404, List.of("ch1"));
        check(wrong, send("GET", API + "/channels/nosuch/health", null, null, Map.of()), 404, List.of("ch1"));
        check(wrong, send("GET", API + "/health/ch1/series?seconds=0", null, null, Map.of()), 400, null);
        check(wrong, send("GET", API + "/channels/ch1/preview.jpg?width=0", null, null, Map.of()), 400, null);
        // methods
        HttpResponse<String> delete = send("DELETE", API + "/channels", null, null, Map.of());
        check(wrong, delete, 405, List.of("GET"));
        HttpResponse<String> postHealth = send("POST", API + "/health", JSON_BODY, "{}", Map.of());
        check(wrong, postHealth, 405, List.of("GET"));
        for (HttpResponse<String> r : List.of(delete, postHealth)) {
            if (!r.headers().firstValue("Allow").orElse("").contains("GET")) {
                wrong.add(r.request().method() + " " + r.uri().getPath() + ": no Allow header naming GET");
            }
        }
        // bodies
        check(wrong, send("PUT", API + "/channels/ch1/policy", "text/plain", "{\"id\":\"standard\"}", Map.of()), 415,
                List.of("application/json"));
        check(wrong, send("PUT", API + "/channels/ch1/policy", JSON_BODY, "{\"id\":", Map.of()), 400, null);
        check(wrong, send("PUT", API + "/channels/ch1/policy", JSON_BODY, "{\"id\":\"nosuch\"}", Map.of()), 400,
                List.of("lowlatency", "standard"));
        check(wrong, send("PUT", API + "/channels/ch1/program", JSON_BODY,
                "{\"program\":\"" + "bars | ".repeat(12_000) + "bars\"}", Map.of()), 413, null);
        // the security layer in front of every route
        check(wrong, send("GET", API + "/channels", null, null, Map.of("Authorization", "")), 401, null);
        check(wrong, send("GET", API + "/channels", null, null,
                Map.of("Authorization", RawHttp.basic("admin", "not the password"))), 401, null);
        check(wrong, send("POST", API + "/channels/ch1/stop", JSON_BODY, "{}", Map.of("Origin", "http://evil.example")),
                403, null);
        assertThat(wrong).as("answers that are not the JSON error shape").isEmpty();
    }

    @Test
    void throttledLoginsUnderGenlockAre429InTheSameShapeWithRetryAfter() throws Exception {
        String guesser = "127.0.0.3"; // its own address: the other tests' 127.0.0.1 stays unthrottled
        RawHttp.Answer a = null;
        for (int i = 0; i < 12 && (a == null || a.status() != 429); i++) {
            a = RawHttp.exchange(guesser, platform.port, "GET", API + "/channels",
                    Map.of("Authorization", RawHttp.basic("admin", "guess " + i)), null);
            assertThat(a.status()).as("guess %d: %s", i, a.body()).isIn(401, 429);
            assertThat(a.headers().get("content-type")).as("guess %d", i).startsWith("application/json");
        }
        assertThat(a.status()).as("throttled after the free failures").isEqualTo(429);
        assertThat(a.headers()).containsKey("retry-after");
        JsonNode body = mapper.readTree(a.body());
        assertThat(body.path("status").asInt()).isEqualTo(429);
        assertThat(body.path("error").asText()).contains(guesser);
    }

    @Test
    void startAndStopAre202AndAPreviewOffAirIs409() throws Exception {
        List<String> wrong = new ArrayList<>();
        HttpResponse<String> stop = send("POST", API + "/channels/ch1/stop", JSON_BODY, "", Map.of());
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        try {
            long deadline = System.nanoTime() + START.toNanos();
            HttpResponse<String> preview;
            do {
                Thread.sleep(200);
                preview = send("GET", API + "/channels/ch1/preview.jpg", null, null, Map.of());
            } while (preview.statusCode() == 200 && System.nanoTime() < deadline);
            check(wrong, preview, 409, null);
        } finally {
            HttpResponse<String> start = send("POST", API + "/channels/ch1/start", JSON_BODY, "", Map.of());
            assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
        }
        assertThat(wrong).as("answers that are not the JSON error shape").isEmpty();
    }

    @Test
    void withTelemetryStoppedHealthAndMetricsAre503InTheSameShape() throws Exception {
        assertThat(platform.consoleBundle("genlock.telemetry", "stop", password)).isEqualTo(200);
        try {
            platform.awaitStatus(API + "/health", "admin", password, 503, START);
            List<String> wrong = new ArrayList<>();
            for (String path : List.of(API + "/health", API + "/health/ch1", API + "/health/ch1/series?seconds=10",
                    API + "/channels/ch1/health", "/metrics")) {
                HttpResponse<String> r = send("GET", path, null, null, Map.of());
                check(wrong, r, 503, null);
                if (r.statusCode() == 503 && !r.body().contains("genlock.telemetry")) {
                    wrong.add(path + ": does not name genlock.telemetry: " + r.body());
                }
            }
            // still behind the credentials
            assertThat(send("GET", "/metrics", null, null, Map.of("Authorization", "")).statusCode()).isEqualTo(401);
            assertThat(wrong).as("answers that are not a 503 in the JSON error shape").isEmpty();
        } finally {
            assertThat(platform.consoleBundle("genlock.telemetry", "start", password)).isEqualTo(200);
        }
        platform.awaitStatus("/metrics", "admin", password, 200, START);
        platform.awaitStatus(API + "/health/ch1", "admin", password, 200, START);
    }

    /** Records what is wrong with an answer, so one run reports every route at once. */
    void check(List<String> wrong, HttpResponse<String> r, int status, List<String> allowed) {
        String what = r.request().method() + " " + r.uri().getRawPath()
                + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery()) + " -> " + r.statusCode() + " "
                + r.headers().firstValue("Content-Type").orElse("(no type)") + " "
                + r.body().substring(0, Math.min(200, r.body().length())) + ": ";
        if (r.statusCode() != status) {
            wrong.add(what + "expected status " + status);
            return;
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            wrong.add(what + "not JSON");
            return;
        }
        JsonNode body;
        try {
            body = mapper.readTree(r.body());
        } catch (Exception e) {
            wrong.add(what + "unparsable: " + e.getMessage());
            return;
        }
        if (body == null || !body.isObject()) {
            wrong.add(what + "not a JSON object");
            return;
        }
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        fields.removeAll(List.of("status", "error", "allowed"));
        if (!fields.isEmpty()) {
            wrong.add(what + "fields beyond status, error, allowed: " + fields);
        }
        if (body.path("status").asInt() != status) {
            wrong.add(what + "\"status\" is not " + status);
        }
        if (!body.path("error").isTextual() || body.path("error").asText().isBlank()) {
            wrong.add(what + "no \"error\" text");
        }
        if (allowed != null) {
            List<String> actual = new ArrayList<>();
            body.path("allowed").forEach(n -> actual.add(n.asText()));
            if (!actual.containsAll(allowed)) {
                wrong.add(what + "\"allowed\" lacks some of " + allowed);
            }
        } else if (body.has("allowed") && !body.get("allowed").isArray()) {
            wrong.add(what + "\"allowed\" is not a list");
        }
    }

    /** One request as admin; a header given with an empty value is left out. */
    HttpResponse<String> send(String method, String path, String type, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(platform.origin() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Authorization")) {
            b.header("Authorization", RawHttp.basic("admin", password));
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        headers.forEach((k, v) -> {
            if (!v.isEmpty()) {
                b.header(k, v);
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
