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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped distribution as an operator edits it: channel file edits that would take ch1
 * off air are refused with the file and the channel named while ch1 plays on; a second file
 * claiming ch1 is refused naming both files; 20 clients changing policy and strategy through
 * the HTTP API for 30 s lose nothing and leave the file, Configuration Admin and the binding
 * agreeing; a Web Console Configuration page edit is written to the file and survives a
 * restart; the framework storage (with Configuration Admin's copy of the console password) is
 * the owner's only and a kill -9 leaves it behind only until the next start; API writes keep
 * the channel file's mode.
 */
class ConfigFilesTest {

    static final Duration START = Duration.ofSeconds(60);
    static final Pattern LEFT_AIR = Pattern.compile("channel ch1: (RUNNING|DEGRADED) -> (?!RUNNING|DEGRADED)(\\w+)");
    static final String CH1 = "configs/genlock.channel-ch1.cfg (channel ch1, configuration genlock.channel~ch1)";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void channelFileEditsThatWouldTakeCh1OffAirAreRefusedNamingFileAndChannel() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            Path cfg = dir.resolve("configs/genlock.channel-ch1.cfg");
            String shipped = Files.readString(cfg);

            edit(cfg, shipped, "device.target", "garbage");
            d.awaitLog(Pattern.quote(CH1 + ": key 'device.target' = 'garbage' rejected: ")
                    + ".*previous value '\\(genlock.device.id=clock\\)' stays in force", START);
            edit(cfg, shipped, "policy.target", "(genlock.policy.id=lowlatency");
            d.awaitLog(Pattern.quote(CH1 + ": key 'policy.target' = '(genlock.policy.id=lowlatency' rejected"), START);
            write(cfg, "");
            d.awaitLog(Pattern.quote(CH1 + ": configuration rejected: incomplete: no channel.id"), START);
            write(cfg, shipped.substring(0, shipped.indexOf("device.target")));
            d.awaitLog(Pattern.quote(CH1 + ": configuration rejected: incomplete: no device.target"), START);
            edit(cfg, shipped, "format", "1080p51");
            d.awaitLog(Pattern.quote(CH1 + ": key 'format' = '1080p51' rejected: device clock does not support 1080p51"),
                    START);
            edit(cfg, shipped, "program", "bars | zonepate");
            d.awaitLog(Pattern.quote(CH1 + ": key 'program' = 'bars | zonepate' rejected: program: layer 2 'zonepate' "
                    + "names no registered shader; registered shaders: bars, flash, timecode, zoneplate"), START);
            edit(cfg, shipped, "program", "bars | timecode(size=99)");
            d.awaitLog(Pattern.quote(CH1 + ": key 'program' = 'bars | timecode(size=99)' rejected"), START);
            edit(cfg, shipped, "program", String.join(" | ", Collections.nCopies(4500, "zoneplate@0.5")));
            d.awaitLog(Pattern.quote(CH1) + ": key 'program' = .* rejected: program: 4500 layers; the channel allows at "
                    + "most 16", START);
            write(cfg, shipped);

            String password = d.generatedPassword();
            d.awaitStatus("/genlock/api/channels/ch1", "admin", password, 200, START);
            String view = d.get("/genlock/api/channels/ch1", "admin", password).body();
            assertThat(view).contains("\"program\":\"bars | timecode ; audio: lineup(level=-18)\"").contains("\"policy\":{\"selected\":\"standard\"")
                    .contains("\"format\":\"1080p50\"");
            Thread.sleep(1500); // the restored file is loaded (it matches what is in force: nothing changes)
            assertThat(d.log()).as("ch1 never left the air").doesNotContainPattern(LEFT_AIR);
            assertThat(OnAirTest.count(d.log(), "opened for 1080p50")).as("device sessions opened").isEqualTo(1);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    @Test
    void aFormatTheDeviceCannotPlayIsOneMessageFormWhetherTheGuardOrTheChannelRefusesIt() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            String password = d.generatedPassword();
            d.awaitStatus("/genlock/api/channels/ch1", "admin", password, 200, START);
            Path cfg = dir.resolve("configs/genlock.channel-ch1.cfg");
            String shipped = Files.readString(cfg);
            String refused = Pattern.quote(CH1 + ": key 'format' = '1080p51' rejected: device clock does not support "
                    + "1080p51 BGRA8; it supports ") + "[^\\n]*" + Pattern.quote(". The previous value '1080p50' stays in force.");

            edit(cfg, shipped, "format", "1080p51");
            d.awaitLog("ERROR org\\.genlock\\.config\\.internal\\.ConfigurationGuard - " + refused + "$", START);
            write(cfg, shipped);
            Thread.sleep(1500); // the restored file is loaded
            // without genlock.config, the channel itself refuses the format: the same line
            assertThat(d.consoleBundle("genlock.config", "stop", password)).isEqualTo(200);
            edit(cfg, shipped, "format", "1080p51");
            d.awaitLog("ERROR org\\.genlock\\.backend\\.internal\\.BackendComponent - " + refused + "$", START);
            assertThat(d.log()).as("ch1 never left the air").doesNotContainPattern(LEFT_AIR);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    @Test
    void aSecondFileClaimingCh1IsRefusedNamingBothFilesAndCh1PlaysOn() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            Path dup = dir.resolve("configs/genlock.channel-dup.cfg");
            Files.copy(dir.resolve("configs/genlock.channel-ch1.cfg"), dup);
            d.awaitLog(Pattern.quote("configs/genlock.channel-dup.cfg (channel ch1, configuration genlock.channel~dup): "
                    + "configuration rejected: channel id 'ch1' is already used by configs/genlock.channel-ch1.cfg "
                    + "(configuration genlock.channel~ch1)"), START);
            String password = d.generatedPassword();
            d.awaitStatus("/genlock/api/channels/ch1", "admin", password, 200, START);
            String channels = d.get("/genlock/api/channels", "admin", password).body();
            assertThat(OnAirTest.count(channels, "\"id\":\"ch1\"")).as("channels named ch1 in " + channels).isEqualTo(1);
            Files.delete(dup);
            Thread.sleep(2500); // FileInstall removes the refused configuration
            d.awaitStatus("/genlock/api/health/ch1", "admin", password, 200, START);
            assertThat(d.log()).as("ch1 never left the air").doesNotContainPattern(LEFT_AIR);
            assertThat(OnAirTest.count(d.log(), "channel ch1: UNINITIALIZED -> DISCOVERING")).isEqualTo(1);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    /** One acknowledged PUT: which key, which id, when it was sent and when the 200 came. */
    record Put(String kind, String id, long sent, long acknowledged) {
    }

    @Test
    void twentyClientsChangingPolicyAndStrategyForThirtySecondsLoseNothing() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            String password = d.generatedPassword();
            d.awaitStatus("/genlock/api/channels/ch1", "admin", password, 200, START);
            Map<String, List<String>> ids = Map.of("policy", List.of("standard", "lowlatency"),
                    "strategy", List.of("repeat", "black", "slate"));
            List<Put> acknowledged = Collections.synchronizedList(new ArrayList<>());
            List<String> refused = Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                String kind = c % 2 == 0 ? "policy" : "strategy";
                int seed = c;
                clients.add(new Thread(() -> {
                    for (int i = seed; System.nanoTime() < end; i++) {
                        String id = ids.get(kind).get(i % ids.get(kind).size());
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> r = put(d, password, "/genlock/api/channels/ch1/" + kind,
                                    "{\"id\":\"" + id + "\"}");
                            if (r.statusCode() == 200) {
                                acknowledged.add(new Put(kind, id, sent, System.nanoTime()));
                            } else {
                                refused.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            refused.add(e.toString());
                        }
                    }
                }));
            }
            clients.forEach(Thread::start);
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(120));
            }
            System.out.println(acknowledged.size() + " PUTs acknowledged by 20 clients in 30 s, " + refused.size()
                    + " not");
            assertThat(refused).as("requests not acknowledged").isEmpty();
            assertThat(acknowledged.size()).as("acknowledged PUTs (sanity)").isGreaterThan(100);

            Path cfg = dir.resolve("configs/genlock.channel-ch1.cfg");
            for (String kind : List.of("policy", "strategy")) {
                // the last acknowledged change wins; of PUTs overlapping the last one, any may have been applied last
                Set<String> candidates = acknowledged.stream().filter(p -> p.kind().equals(kind))
                        .filter(p -> acknowledged.stream().noneMatch(o -> o.kind().equals(kind) && o.sent() > p.acknowledged()))
                        .map(Put::id).collect(Collectors.toSet());
                String inFile = idOf(load(cfg).getProperty(kind + ".target"));
                assertThat(inFile).as(kind + " in the file").isIn(candidates);
                String configured = idOf(configured(d, password, kind + ".target"));
                assertThat(configured).as(kind + " in Configuration Admin").isEqualTo(inFile);
                awaitBound(d, password, kind, inFile);
            }
            assertThat(Files.readString(cfg)).as("comments kept").startsWith("# Channel ch1: one playout channel");
            assertThat(d.log()).as("ch1 never left the air").doesNotContainPattern(LEFT_AIR);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    @Test
    void aWebConsoleConfigurationEditIsWrittenToTheFileAndSurvivesARestart() throws Exception {
        Path cfg = dir.resolve("configs/genlock.channel-ch1.cfg");
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            String password = d.generatedPassword();
            d.awaitStatus("/system/console/configMgr", "admin", password, 200, START);
            // the fields the Configuration page posts for a genlock.channel configuration
            Map<String, String> form = new LinkedHashMap<>();
            form.put("apply", "true");
            Properties shipped = load(cfg);
            List<String> keys = List.of("channel.id", "format", "keying", "program", "autostart", "max.layers",
                    "device.target", "renderer.target", "policy.target", "strategy.target");
            form.put("propertylist", String.join(",", keys));
            for (String key : keys) {
                form.put(key, shipped.getProperty(key, key.equals("max.layers") ? "16" : ""));
            }
            form.put("program", "timecode | bars");
            HttpResponse<String> r = post(d, password, "/system/console/configMgr/genlock.channel~ch1", form);
            assertThat(r.statusCode()).as("configMgr answer " + r.body()).isIn(200, 302);
            long deadline = System.nanoTime() + START.toNanos();
            while (!"timecode | bars".equals(load(cfg).getProperty("program")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(load(cfg).getProperty("program")).isEqualTo("timecode | bars");
            assertThat(Files.readString(cfg)).startsWith("# Channel ch1: one playout channel");
            d.terminate(Duration.ofSeconds(15));
        }
        Files.delete(dir.resolve("genlock.log"));
        try (Distribution d = Distribution.restart("genlock.jar", dir)) {
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            String password = d.generatedPassword();
            d.awaitStatus("/genlock/api/channels/ch1", "admin", password, 200, START);
            assertThat(d.get("/genlock/api/channels/ch1", "admin", password).body())
                    .contains("\"program\":\"timecode | bars\"");
            d.terminate(Duration.ofSeconds(15));
        }
    }

    @Test
    void theFrameworkStorageIsTheOwnersAndOneAKillLeftBehindIsRemovedAtTheNextStart() throws Exception {
        String secret = "operator-secret-" + System.nanoTime(); // Configuration Admin's files escape blanks
        Path cfg = dir.resolve("configs/genlock.channel-ch1.cfg");
        Path killedStorage;
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            Files.writeString(dir.resolve("configs/genlock.security.cfg"), "username=operator\npassword=" + secret + "\n");
            d.awaitStatus("/genlock/api/channels/ch1", "operator", secret, 200, START);

            killedStorage = storage(d);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(killedStorage)))
                    .as("framework storage " + killedStorage).isEqualTo("rwx------");
            List<Path> copies = new ArrayList<>();
            try (Stream<Path> files = Files.walk(killedStorage)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (contains(f, secret)) {
                        copies.add(f);
                    }
                }
            }
            assertThat(copies).as("Configuration Admin's copy of the console password").isNotEmpty();

            HttpResponse<String> r = put(d, "operator", secret, "/genlock/api/channels/ch1/strategy", "{\"id\":\"black\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(load(cfg).getProperty("strategy.target")).isEqualTo("(genlock.strategy.id=black)");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg))).as("channel file mode")
                    .isEqualTo("rw-r--r--");
            d.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(killedStorage).as("left behind by kill -9").isDirectory();
        Files.delete(dir.resolve("genlock.log"));
        try (Distribution d = Distribution.restart("genlock.jar", dir)) {
            d.awaitLog(OnAirTest.RUNNING.pattern(), START);
            assertThat(storage(d)).isNotEqualTo(killedStorage);
            assertThat(killedStorage).as("the killed run's storage").doesNotExist();
            assertThat(d.log()).contains("removed the framework storage " + killedStorage);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    // ---------------------------------------------------------------- helpers

    static void edit(Path cfg, String shipped, String key, String value) throws IOException {
        write(cfg, shipped.replaceAll("(?m)^" + Pattern.quote(key) + "=.*$", Matcher.quoteReplacement(key + "=" + value)));
    }

    /** Replaces the file as an editor that saves atomically would. */
    static void write(Path cfg, String text) throws IOException {
        Path tmp = cfg.resolveSibling("." + cfg.getFileName() + ".swp");
        Files.writeString(tmp, text);
        Files.move(tmp, cfg, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static Properties load(Path cfg) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(cfg, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        return p;
    }

    static String idOf(String target) {
        Matcher m = Pattern.compile("\\(genlock\\.\\w+\\.id=([\\w-]+)\\)").matcher(String.valueOf(target));
        return m.matches() ? m.group(1) : "not a selection: " + target;
    }

    /** What Configuration Admin holds for a key of ch1's configuration, as the Web Console shows it. */
    String configured(Distribution d, String password, String key) throws Exception {
        String json = d.get("/system/console/configMgr/genlock.channel~ch1.json", "admin", password).body();
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\{[^}]*\"value\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "absent from " + json;
    }

    static void awaitBound(Distribution d, String password, String kind, String id) throws Exception {
        Pattern bound = Pattern.compile("\"" + kind + "\":\\{\"selected\":\"" + id + "\"[^}]*\"bound\":\\{\"kind\":\"" + kind
                + "\",\"id\":\"" + id + "\"");
        long deadline = System.nanoTime() + START.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = d.get("/genlock/api/channels/ch1", "admin", password).body();
            if (bound.matcher(body).find()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(kind + " " + id + " never bound; channel: " + body);
    }

    HttpResponse<String> put(Distribution d, String user, String password, String path, String json)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(d.origin() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(user, password)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(Distribution d, String password, String path, String json)
            throws IOException, InterruptedException {
        return put(d, "admin", password, path, json);
    }

    HttpResponse<String> post(Distribution d, String password, String path, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(d.origin() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic("admin", password)).header("Origin", d.origin())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The framework storage the process runs from: where the bundle jars it holds open are. */
    static Path storage(Distribution d) throws IOException {
        for (String f : openFiles(d.process.pid())) {
            Matcher m = Pattern.compile("(.*/osgi\\.[^/]*\\.fw)/.*").matcher(f);
            if (m.matches()) {
                return Path.of(m.group(1));
            }
        }
        throw new AssertionError("no open file in a framework storage: " + openFiles(d.process.pid()));
    }

    static List<String> openFiles(long pid) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    out.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }

    static boolean contains(Path f, String secret) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret);
        } catch (IOException e) {
            return false;
        }
    }

}
