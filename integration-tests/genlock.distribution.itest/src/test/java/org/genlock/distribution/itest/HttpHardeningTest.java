package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole HTTP server of the exported platform against what a hostile page, a password
 * guesser and a broken client do: cross-site changes to the Web Console's own pages and to
 * Genlock's API are refused, wrong passwords are throttled per client address and logged with
 * it, and a stalled or aborted upload neither blocks other requests nor leaves a stack trace.
 */
class HttpHardeningTest {

    static final String EVIL = "http://evil.example";
    static final String CONSOLE = "/system/console/bundles.json";
    static final Duration START = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static Distribution platform;
    static String password;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        platform = Distribution.start("genlock.jar", dir);
        platform.awaitLog("Genlock started in", START);
        platform.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
        password = platform.generatedPassword();
        platform.awaitStatus(CONSOLE, "admin", password, 200, START);
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.terminate(Duration.ofSeconds(15));
            platform.close();
        }
    }

    @Test
    void crossSiteChangesToTheConsoleAndTheApiAreRefusedAndTheConsolesOwnStillWork() throws Exception {
        // The account takeover: the Configuration page sets a new console password.
        HttpResponse<String> takeover = post("/system/console/configMgr/genlock.security",
                "application/x-www-form-urlencoded", passwordForm("taken over by evil"), Map.of("Origin", EVIL));
        assertThat(takeover.statusCode()).as(takeover.body()).isEqualTo(403);
        assertThat(takeover.body()).contains("Origin " + EVIL);

        long slate = bundleId("genlock.underrun.slate");
        String bundle = "/system/console/bundles/" + slate;
        for (Map<String, String> foreign : List.of(Map.of("Origin", EVIL), Map.of("Origin", "null"),
                Map.of("Referer", EVIL + "/innocent.html"))) {
            HttpResponse<String> r = post(bundle, "application/x-www-form-urlencoded", "action=stop", foreign);
            assertThat(r.statusCode()).as("stop with %s: %s", foreign, r.body()).isEqualTo(403);
        }
        String api = "/genlock/api/channels/ch1";
        assertThat(send("PUT", api + "/policy", "application/json", "{\"id\":\"lowlatency\"}", Map.of("Origin", EVIL))
                .statusCode()).isEqualTo(403);
        // what a cross-site HTML form can actually send
        assertThat(post(api + "/stop", "text/plain", "{}", Map.of("Origin", EVIL)).statusCode()).isEqualTo(403);

        Thread.sleep(1500); // anything that got through would have been applied by now
        assertThat(get(CONSOLE, "admin", "taken over by evil").statusCode()).isEqualTo(401);
        assertThat(get(CONSOLE, "admin", password).statusCode()).isEqualTo(200);
        assertThat(bundleState(slate)).isEqualTo("Active");
        String channel = get(api, "admin", password).body();
        assertThat(channel).contains("\"onAir\":true").containsPattern("\"policy\":\\{\"selected\":\"standard\"");
        assertThat(platform.log()).contains("Refused POST /system/console/configMgr/genlock.security from 127.0.0.1: Origin "
                + EVIL + " is not this server (" + platform.origin() + ")");

        // The console's own pages and scripts send this server's origin; curl sends none.
        assertThat(post(bundle, "application/x-www-form-urlencoded", "action=stop", Map.of("Origin", platform.origin()))
                .statusCode()).isEqualTo(200);
        assertThat(bundleState(slate)).isEqualTo("Resolved");
        assertThat(post(bundle, "application/x-www-form-urlencoded", "action=start", Map.of()).statusCode()).isEqualTo(200);
        assertThat(bundleState(slate)).isEqualTo("Active");
        HttpResponse<String> put = send("PUT", api + "/policy", "application/json", "{\"id\":\"lowlatency\"}",
                Map.of("Origin", platform.origin()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(send("PUT", api + "/policy", "application/json", "{\"id\":\"standard\"}",
                Map.of("Referer", platform.origin() + "/system/console/genlock")).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsAreThrottledPerAddressAndLoggedWithItAndTheRightOneWorksAfterThePenalty() throws Exception {
        String guesser = "127.0.0.2"; // its own address: the other tests' 127.0.0.1 stays unthrottled
        int checked = 0;
        int refused = 0;
        int firstRefusalAfter = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (checked < 10) {
            assertThat(System.nanoTime()).as("10 wrong passwords checked within 120 s").isLessThan(deadline);
            RawHttp.Answer a = consoleFrom(guesser, "guess number " + (checked + refused));
            if (a.status() == 429) {
                refused++;
                if (firstRefusalAfter < 0) {
                    firstRefusalAfter = checked;
                }
                assertThat(a.headers()).containsKey("retry-after");
                assertThat(a.body()).contains(guesser);
                Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(a.headers().get("retry-after"))));
            } else {
                assertThat(a.status()).isEqualTo(401);
                checked++;
            }
        }
        assertThat(refused).as("attempts refused with 429").isPositive();
        assertThat(firstRefusalAfter).as("wrong passwords checked before the first refusal").isGreaterThanOrEqualTo(5);

        // Ten failures in a row: the right password is refused too until the penalty has passed,
        // while another address is not affected.
        RawHttp.Answer early = consoleFrom(guesser, password);
        assertThat(early.status()).isEqualTo(429);
        assertThat(get(CONSOLE, "admin", password).statusCode()).as("127.0.0.1 meanwhile").isEqualTo(200);
        Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(early.headers().get("retry-after"))));
        assertThat(consoleFrom(guesser, password).status()).isEqualTo(200);
        assertThat(consoleFrom(guesser, "one typo").status()).as("the success cleared the record").isEqualTo(401);

        List<String> lines = platform.log().lines().filter(l -> l.contains(guesser)).toList();
        assertThat(lines).anyMatch(l -> l.contains("WARN") && l.contains("Failed login from " + guesser));
        assertThat(lines).anyMatch(l -> l.contains("WARN") && l.contains("5 failed logins in a row from " + guesser));
        assertThat(lines).anyMatch(l -> l.contains("Login from " + guesser + " succeeded after 10 failed attempts"));
        assertThat(lines).as("not one line per attempt: %s", lines).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void stalledUploadsDoNotBlockOtherRequestsAreCutOffAtTheIdleTimeoutAndAbortedOnesAreOneLogLine() throws Exception {
        long idle = shippedIdleTimeoutMillis();
        String auth = RawHttp.basic("admin", password);
        int before = platform.log().length();

        // A bundle upload through the console and an API change, each half sent, then silence.
        String boundary = "----stall";
        byte[] multipart = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ninstall\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\"x.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n" + "A".repeat(100_000)).getBytes(StandardCharsets.ISO_8859_1);
        RawHttp upload = new RawHttp("127.0.0.1", platform.port);
        upload.send("POST", "/system/console/bundles", Map.of("Authorization", auth,
                "Content-Type", "multipart/form-data; boundary=" + boundary), multipart.length * 2L, multipart);
        RawHttp change = new RawHttp("127.0.0.1", platform.port);
        change.send("PUT", "/genlock/api/channels/ch1/program", Map.of("Authorization", auth,
                "Content-Type", "application/json"), 1000, "{\"program\":\"bars".getBytes(StandardCharsets.UTF_8));
        long stalledAt = System.nanoTime();
        CompletableFuture<RawHttp.Answer> uploadEnd = CompletableFuture.supplyAsync(() -> readQuietly(upload, idle));
        CompletableFuture<RawHttp.Answer> changeEnd = CompletableFuture.supplyAsync(() -> readQuietly(change, idle));

        // Meanwhile the server answers everyone else, a change included.
        Thread.sleep(1000);
        assertThat(get(CONSOLE, "admin", password).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/genlock/api/channels/ch1/strategy", "application/json", "{\"id\":\"repeat\"}", Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(uploadEnd).as("the stalled upload is still open while others are served").isNotDone();

        // A client that gives up mid-body.
        try (RawHttp quitter = new RawHttp("127.0.0.1", platform.port)) {
            quitter.send("PUT", "/genlock/api/channels/ch1/renderer", Map.of("Authorization", auth,
                    "Content-Type", "application/json"), 1000, "{\"id\":".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(300);
        }

        RawHttp.Answer uploadAnswer = uploadEnd.get(idle + 60_000, TimeUnit.MILLISECONDS);
        RawHttp.Answer changeAnswer = changeEnd.get(idle + 60_000, TimeUnit.MILLISECONDS);
        long cutAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledAt);
        assertThat(cutAfter).as("ms until both stalled requests were cut off (idle timeout %d ms)", idle)
                .isBetween(idle / 2, idle + 60_000);
        assertThat(uploadAnswer.status()).as("the stalled upload is not accepted: %s", uploadAnswer).isNotEqualTo(200);
        assertThat(changeAnswer.status()).as("the stalled change: %s", changeAnswer).isEqualTo(408);
        upload.close();
        change.close();

        platform.awaitLog("PUT /genlock/api/channels/ch1/renderer from 127\\.0\\.0\\.1 ended early: the client closed", START);
        platform.awaitLog("PUT /genlock/api/channels/ch1/program from 127\\.0\\.0\\.1 ended early: the client sent nothing "
                + "within the idle timeout", START);
        String log = platform.log().substring(before);
        assertThat(log).as("new log lines:%n%s", log).doesNotContain("\tat ", "Exception while processing");
        assertThat(log.lines().filter(l -> l.contains("/genlock/api/channels/ch1/renderer"))).hasSize(1);
        assertThat(log.lines().filter(l -> l.contains("/genlock/api/channels/ch1/program"))).hasSize(1);
        assertThat(get("/genlock/api/channels/ch1", "admin", password).body()).contains("\"onAir\":true");
        assertThat(Files.readString(Distribution.SHIPPED_CONFIGS.resolve("org.apache.felix.http.cfg")))
                .as("the shipped configuration sets the idle timeout").containsPattern("(?m)^org\\.apache\\.felix\\.http\\.timeout=");
    }

    @Test
    void oversizedRequestsAreRefusedBeforeTheyAreRead() throws Exception {
        long limit = 32L * 1024 * 1024;
        try (RawHttp big = new RawHttp("127.0.0.1", platform.port)) {
            big.send("POST", "/system/console/bundles", Map.of("Authorization", RawHttp.basic("admin", password),
                    "Content-Type", "multipart/form-data; boundary=x"), limit + 1, new byte[0]);
            RawHttp.Answer a = big.read(Duration.ofSeconds(30));
            assertThat(a.status()).as(a.body()).isEqualTo(413);
            assertThat(a.body()).contains("at most " + limit + " bytes");
        }
        HttpResponse<String> header = get(CONSOLE, Map.of("X-Padding", "x".repeat(20_000)));
        assertThat(header.statusCode()).as("a 20 KB header").isEqualTo(431);
    }

    // --- helpers

    static long shippedIdleTimeoutMillis() throws IOException {
        Properties cfg = new Properties();
        try (Reader in = Files.newBufferedReader(Distribution.SHIPPED_CONFIGS.resolve("org.apache.felix.http.cfg"))) {
            cfg.load(in);
        }
        // Felix HTTP's own default when the file sets none
        return Long.parseLong(cfg.getProperty("org.apache.felix.http.timeout", "60000").strip());
    }

    static RawHttp.Answer readQuietly(RawHttp http, long idle) {
        try {
            return http.read(Duration.ofMillis(idle + 60_000));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static RawHttp.Answer consoleFrom(String address, String pw) throws IOException {
        return RawHttp.exchange(address, platform.port, "GET", CONSOLE, Map.of("Authorization", RawHttp.basic("admin", pw)),
                null);
    }

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

    long bundleId(String bsn) throws Exception {
        Matcher m = Pattern.compile("\\{\"id\":(\\d+),[^{}]*\"symbolicName\":\"" + Pattern.quote(bsn) + "\"")
                .matcher(get(CONSOLE, "admin", password).body());
        assertThat(m.find()).as(bsn + " in bundles.json").isTrue();
        return Long.parseLong(m.group(1));
    }

    String bundleState(long id) throws Exception {
        Matcher m = Pattern.compile("\\{\"id\":" + id + ",[^{}]*\"state\":\"(\\w+)\"")
                .matcher(get(CONSOLE, "admin", password).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    HttpResponse<String> get(String path, String user, String pw) throws IOException, InterruptedException {
        return platform.get(path, user, pw);
    }

    HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(platform.origin() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", RawHttp.basic("admin", password));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String type, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send("POST", path, type, body, headers);
    }

    HttpResponse<String> send(String method, String path, String type, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(platform.origin() + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", RawHttp.basic("admin", password))
                .header("Content-Type", type);
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
