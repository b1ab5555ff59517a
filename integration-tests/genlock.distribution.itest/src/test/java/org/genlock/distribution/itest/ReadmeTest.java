package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples, taken from README.md as written and run against the exported jar
 * (only the port and the jar's path are adapted): the second channel, the HTTP API and
 * health curl commands, and the command-line port.
 */
class ReadmeTest {

    static final Path README = Path.of(System.getProperty("genlock.readme", "../../README.md"));
    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void theSecondChannelPlaysAndWritesClockSnapshot2() throws Exception {
        String ch2 = block("properties", "# configs/genlock.channel-ch2.cfg");
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            String password = d.generatedPassword();
            Path file = dir.resolve("configs/genlock.channel-ch2.cfg");
            Files.writeString(file, ch2);
            d.awaitLog("channel ch2: PREROLLING -> RUNNING", START);
            Path snapshot = dir.resolve(".genlock/output/clock-snapshot-2.jpg");
            await("ch2's snapshot " + snapshot, () -> isJpeg(snapshot));
            assertThat(isJpeg(dir.resolve(".genlock/output/clock-snapshot.jpg"))).as("ch1's snapshot").isTrue();
            assertThat(d.get("/genlock/api/channels", "admin", password).body()).contains("\"ch1\"", "\"ch2\"");
            Files.delete(file);
            await("ch2 gone from the API", () -> !d.get("/genlock/api/channels", "admin", password).body()
                    .contains("\"ch2\""));
            d.terminate(STOP);
        }
    }

    @Test
    void theHttpApiAndHealthExamplesRunAsWritten() throws Exception {
        String api = block("sh", "A=http://127.0.0.1:8080/genlock/api");
        String health = block("sh", "curl -u admin:$P http://127.0.0.1:8080/metrics");
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            d.awaitStatus("/genlock/api/channels/ch1", "admin", d.generatedPassword(), 200, START);
            for (String script : List.of(api, health)) {
                // every curl fails on an HTTP error, so each example must answer 2xx
                String run = "set -e\ncurl() { command curl --fail --silent --show-error \"$@\"; }\n"
                        + script.replace("127.0.0.1:8080", "127.0.0.1:" + d.port);
                Process p = new ProcessBuilder("bash", "-c", run).directory(dir.toFile()).redirectErrorStream(true)
                        .start();
                boolean done = p.waitFor(120, TimeUnit.SECONDS);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(done).as("finished: %s", out).isTrue();
                assertThat(p.exitValue()).as("exit status of%n%s%noutput:%n%s", script, out).isZero();
            }
            assertThat(isJpeg(dir.resolve("ch1.jpg"))).as("the preview the README saves").isTrue();
            d.terminate(STOP);
        }
    }

    @Test
    void thePortExampleListensWhereItSays() throws Exception {
        Matcher m = Pattern.compile("`java (-D[^`]*?) -jar bndrun/target/genlock\\.jar`").matcher(readme());
        assertThat(m.find()).as("the README's command-line example").isTrue();
        List<String> options = Arrays.asList(m.group(1).split(" "));
        assertThat(options).contains("-Dorg.osgi.service.http.port=9090");
        Distribution.copyShippedConfigs(dir);
        try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
                port -> options.stream().map(o -> o.replace("9090", Integer.toString(port))).toList())) {
            d.awaitLog("Started ServerConnector.*\\{127\\.0\\.0\\.1:" + d.port + "\\}", START);
            d.awaitStatus("/system/console/bundles.json", null, null, 401, START);
            d.terminate(STOP);
        }
    }

    static String readme() throws Exception {
        return Files.readString(README);
    }

    /** The fenced code block of {@code language} that contains {@code marker}. */
    static String block(String language, String marker) throws Exception {
        Matcher m = Pattern.compile("(?m)^```" + language + "\\n(.*?)^```$", Pattern.DOTALL).matcher(readme());
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks.stream().filter(b -> b.contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no ```" + language + " block with '" + marker + "' in " + README));
    }

    static boolean isJpeg(Path file) throws Exception {
        if (!Files.isRegularFile(file) || Files.size(file) < 2) {
            return false;
        }
        byte[] b = Files.readAllBytes(file);
        return (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (!check.ok()) {
            assertThat(System.nanoTime()).as("%s within %s", what, START).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
