package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real Prometheus server, configured with the README's scrape job (basic auth with
 * the console password) and rules, scrapes the running platform and evaluates the shipped
 * alert rules (ops/prometheus/genlock-alerts.yml) every second: the genlock_*, JVM and process series arrive (the native render histogram too,
 * through the protobuf format Prometheus asks for with native histograms on), and
 * GenlockChannelOffAir fires after ch1 is stopped through the Genlock API and clears after
 * it is started again. The times from stop to firing and from start to cleared are printed.
 */
class PrometheusServerTest {

    static final Duration START = Duration.ofSeconds(90);
    /** Generous: a busy core slows the platform, Prometheus and the rule evaluation alike. */
    static final Duration ALERT = Duration.ofSeconds(120);
    static final String API = "/genlock/api";
    static final String OFF_AIR = "GenlockChannelOffAir";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheSeriesAndTheOffAirAlertFiresAfterAStopAndClearsAfterAStart() throws Exception {
        Path work = Files.createDirectories(dir.resolve("genlock"));
        try (Distribution d = Distribution.start("genlock.jar", work)) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            String password = d.generatedPassword();
            d.awaitStatus("/metrics", "admin", password, 200, START);

            Path home = Files.createDirectories(dir.resolve("prometheus"));
            int port = Distribution.freePort();
            Process prometheus = startPrometheus(home, d.port, password, port);
            String base = "http://127.0.0.1:" + port;
            try {
                // the scrape works with the credentials, and every kind of series arrives
                await(base, "up{job=\"genlock\"} == 1", r -> r.size() == 1, START, home);
                await(base, "genlock_channel_state{job=\"genlock\",channel=\"ch1\",state=\"RUNNING\"} == 1",
                        r -> r.size() == 1, START, home);
                JsonNode names = query(base, "count by (__name__) ({job=\"genlock\",__name__=~\"genlock_.+\"})");
                assertThat(names.size()).as("genlock_* series names scraped").isGreaterThan(20);
                for (String q : List.of("process_start_time_seconds{job=\"genlock\"}",
                        "process_open_fds{job=\"genlock\"}", "jvm_memory_pool_used_bytes{job=\"genlock\"}",
                        "jvm_gc_collection_seconds_count{job=\"genlock\"}", "jvm_threads_current{job=\"genlock\"}",
                        "process_cpu_seconds_total{job=\"genlock\"}")) {
                    assertThat(query(base, q).size()).as(q).isPositive();
                }
                await(base, "histogram_count(genlock_render_seconds{job=\"genlock\",channel=\"ch1\"}) > 0",
                        r -> r.size() == 1, START, home);
                JsonNode rules = get(base, "/api/v1/rules");
                assertThat(rules.toString()).as("rules loaded").contains("\"" + OFF_AIR + "\"");
                assertThat(alerts(base, "ch1")).as("alerts of ch1 while it is on air").isEmpty();

                long stopped = System.nanoTime();
                assertThat(d.send("POST", API + "/channels/ch1/stop", "application/json", "", "admin", password)
                        .statusCode()).as("stop ch1").isEqualTo(202);
                awaitAlert(base, "firing", stopped, home);
                double firing = seconds(System.nanoTime() - stopped);

                long started = System.nanoTime();
                assertThat(d.send("POST", API + "/channels/ch1/start", "application/json", "", "admin", password)
                        .statusCode()).as("start ch1").isEqualTo(202);
                awaitAlert(base, null, started, home);
                double cleared = seconds(System.nanoTime() - started);

                System.out.printf("Prometheus %s, scrape and rule evaluation every 1 s: ch1 stopped -> %s firing "
                        + "after %.1f s (for: 5s); ch1 started -> cleared after %.1f s%n", version(), OFF_AIR, firing,
                        cleared);
                // the rule waits 5 s of off-air scrapes: firing sooner would mean it does not wait
                assertThat(firing).as("stop to firing, s").isGreaterThanOrEqualTo(5.0);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            d.terminate(Duration.ofSeconds(15));
        }
    }

    /**
     * Starts {@code prometheus} on loopback with the README's scrape job and rules ("Monitoring"),
     * adapted: scrape and rule evaluation every second, the platform's port, the shipped rules
     * file and a password file here; storage in {@code home}.
     */
    static Process startPrometheus(Path home, int genlockPort, String password, int port) throws Exception {
        Path passwordFile = home.resolve("genlock-password");
        Files.writeString(passwordFile, password);
        String config = ReadmeTest.block("yaml", "job_name: genlock");
        for (String[] change : new String[][] {
            { "scrape_interval: 15s", "scrape_interval: 1s\n  scrape_timeout: 1s" },
            { "evaluation_interval: 15s", "evaluation_interval: 1s" },
            { "/etc/prometheus/genlock-alerts.yml", AlertRulesTest.RULES.toAbsolutePath().normalize().toString() },
            { "/etc/prometheus/genlock-password", passwordFile.toString() },
            { "127.0.0.1:8080", "127.0.0.1:" + genlockPort } }) {
            assertThat(config).as("the README's scrape job").contains(change[0]);
            config = config.replace(change[0], change[1]);
        }
        Path file = home.resolve("prometheus.yml");
        Files.writeString(file, config);
        List<String> command = List.of("prometheus", "--config.file=" + file,
                "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--enable-feature=native-histograms", "--log.level=info");
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("prometheus is needed: install the Debian package 'prometheus' ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Waits until ch1's {@link #OFF_AIR} alert is in {@code state} ({@code null}: until there is
     * none), polling Prometheus's alerts API.
     */
    void awaitAlert(String base, String state, long since, Path home) throws Exception {
        long deadline = System.nanoTime() + ALERT.toNanos();
        List<JsonNode> last = List.of();
        while (System.nanoTime() < deadline) {
            try {
                last = alerts(base, "ch1");
                boolean done = state == null ? last.isEmpty()
                        : last.stream().anyMatch(a -> state.equals(a.get("state").asText()));
                if (done) {
                    return;
                }
            } catch (IOException e) {
                // Prometheus busy: ask again
            }
            Thread.sleep(200);
        }
        throw new AssertionError(OFF_AIR + " of ch1 never became " + (state == null ? "cleared" : state) + " within "
                + ALERT.toSeconds() + " s (after " + seconds(System.nanoTime() - since) + " s); last: " + last
                + "\nprometheus log:\n" + Files.readString(home.resolve("prometheus.log")));
    }

    /** The {@link #OFF_AIR} alerts of {@code channel}, pending or firing. */
    List<JsonNode> alerts(String base, String channel) throws IOException, InterruptedException {
        JsonNode all = get(base, "/api/v1/alerts").get("data").get("alerts");
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode a : all) {
            JsonNode labels = a.get("labels");
            if (OFF_AIR.equals(labels.path("alertname").asText()) && channel.equals(labels.path("channel").asText())) {
                out.add(a);
            }
        }
        return out;
    }

    /** Waits until the instant query's result vector meets {@code condition}. */
    void await(String base, String promql, Predicate<JsonNode> condition, Duration timeout, Path home)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode result = query(base, promql);
                if (condition.test(result)) {
                    return;
                }
                last = result.toString();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(promql + " never held within " + timeout.toSeconds() + " s; last: " + last
                + "\ntargets: " + safe(base, "/api/v1/targets") + "\nprometheus log:\n"
                + Files.readString(home.resolve("prometheus.log")));
    }

    JsonNode query(String base, String promql) throws IOException, InterruptedException {
        JsonNode answer = get(base, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(answer.get("status").asText()).as("query %s: %s", promql, answer).isEqualTo("success");
        return answer.get("data").get("result");
    }

    JsonNode get(String base, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }

    String safe(String base, String path) {
        try {
            return get(base, path).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static String version() {
        try {
            Process p = new ProcessBuilder("prometheus", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("?").replaceFirst("^prometheus, version ", "").replaceFirst(" .*", "");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
