package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules (ops/prometheus/genlock-alerts.yml): promtool accepts them, their
 * unit tests pass, every rule is tested both firing and not firing, and every genlock_* and
 * process_* series and label value they select is in the /metrics of the running platform (so
 * a renamed series cannot silently disarm an alert).
 */
class AlertRulesTest {

    static final Path OPS = Path.of(System.getProperty("genlock.ops.dir", "../../ops")).resolve("prometheus");
    static final Path RULES = OPS.resolve("genlock-alerts.yml");
    static final Path TESTS = OPS.resolve("genlock-alerts.test.yml");
    static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$");
    static final Pattern EXPR = Pattern.compile("(?m)^\\s*expr: (.+)$");
    /**
     * A selector of a genlock_* or process_* series with its label matchers, e.g.
     * genlock_health{verdict="DEGRADED"}.
     */
    static final Pattern SELECTOR = Pattern.compile("((?:genlock|process)_\\w+)(?:\\{([^}]*)\\})?");
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|=)\\s*\"([^\"]*)\"");

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        Result check = promtool("check", "rules", RULES.getFileName().toString());
        assertThat(check.exitCode()).as("promtool check rules:\n" + check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");

        Result test = promtool("test", "rules", TESTS.getFileName().toString());
        System.out.println("promtool test rules: " + test.output());
        assertThat(test.exitCode()).as("promtool test rules:\n" + test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyRuleIsTestedFiringAndNotFiring() throws IOException {
        String tests = Files.readString(TESTS);
        for (String alert : alerts()) {
            // Each alert_rule_test entry: the alertname line, then exp_alerts empty or a list.
            Matcher m = Pattern.compile("alertname: " + alert + "\\s*\\n\\s*exp_alerts:(.*)").matcher(tests);
            boolean fires = false;
            boolean quiet = false;
            while (m.find()) {
                if (m.group(1).strip().equals("[]")) {
                    quiet = true;
                } else {
                    fires = true;
                }
            }
            assertThat(fires).as(alert + " has a test case where it fires").isTrue();
            // Where no case expects silence, the test's series that must not fire still appear
            // in the firing case (exp_alerts lists exactly the alerts that fire): the input
            // series of that test must then name more than the firing series.
            if (!quiet) {
                assertThat(quietSeriesBesidesFiring(tests, alert)).as(alert + " has series that must not fire it")
                        .isTrue();
            }
        }
    }

    /** Taps whose states the tap rule selects: a refused RTMP receiver, an ffmpeg that cannot run. */
    static final Map<String, String> TAPS = Map.of(
            "genlock.output.ffmpeg-rtmp1.cfg", "id=rtmp1\nurl=rtmp://127.0.0.1:%d/live/genlock\n",
            "genlock.output.ffmpeg-bad1.cfg", "id=bad1\nurl=bad1.ts\nffmpeg.path=/nonexistent/ffmpeg\n");

    @Test
    void rulesSelectSeriesAndLabelValuesTheRunningPlatformExports() throws Exception {
        // ch1 feeds two taps that never get going (reconnecting, failed), as the tap rule's selector asks
        String taps = "\ntaps.target=(|(genlock.tap.id=rtmp1)(genlock.tap.id=bad1))\n";
        try (Distribution d = Distribution.start("genlock.jar", dir, false,
                port -> List.of("-Dorg.osgi.service.http.port=" + port),
                (name, text) -> name.equals("genlock.channel-ch1.cfg") ? text + taps : text)) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", Duration.ofSeconds(60));
            int refused = Distribution.freePort(); // nothing listens there
            for (Map.Entry<String, String> tap : TAPS.entrySet()) {
                Files.writeString(dir.resolve("configs").resolve(tap.getKey()), tap.getValue().formatted(refused));
            }
            String password = d.generatedPassword();
            d.awaitStatus("/metrics", "admin", password, 200, Duration.ofSeconds(60));
            // a channel's samples appear once telemetry has polled it, the taps' once FileInstall
            // brought their configurations and they tried
            String metrics = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(metrics.contains("genlock_channel_state{channel=\"ch1\"")
                    && metrics.contains("state=\"reconnecting\",tap=\"rtmp1\"")
                    && metrics.contains("state=\"failed\",tap=\"bad1\"")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                metrics = d.get("/metrics", "admin", password).body();
            }
            List<String> missing = new ArrayList<>();
            for (String selector : selectors()) {
                Matcher s = SELECTOR.matcher(selector);
                s.matches();
                String name = s.group(1);
                if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(metrics).find()) {
                    missing.add(name + " (no sample)");
                    continue;
                }
                if (s.group(2) == null) {
                    continue;
                }
                Matcher l = MATCHER.matcher(s.group(2));
                while (l.find()) {
                    if (TARGET_LABELS.contains(l.group(1))) {
                        continue; // Prometheus adds them to every series of the target
                    }
                    for (String value : l.group(3).split("\\|")) {
                        String sample = "(?m)^" + name + "\\{[^}]*\\b" + l.group(1) + "=\"" + Pattern.quote(value) + "\"";
                        if (!Pattern.compile(sample).matcher(metrics).find()) {
                            missing.add(name + "{" + l.group(1) + "=\"" + value + "\"}");
                        }
                    }
                }
            }
            assertThat(missing).as("series the rules select that /metrics does not export; /metrics:\n" + metrics)
                    .isEmpty();
            d.terminate(Duration.ofSeconds(15));
        }
    }

    /** The test of {@code alert} lists input series that are not in its expected alerts. */
    private static boolean quietSeriesBesidesFiring(String tests, String alert) {
        int at = tests.indexOf("alertname: " + alert);
        int start = tests.lastIndexOf("- name:", at);
        String test = tests.substring(start, at);
        return Pattern.compile("- series:").matcher(test).results().count() > 1;
    }

    private static Set<String> alerts() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        ALERT.matcher(Files.readString(RULES)).results().forEach(r -> out.add(r.group(1)));
        assertThat(out).as("alerts in " + RULES).isNotEmpty();
        return out;
    }

    private static Set<String> selectors() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Matcher e = EXPR.matcher(Files.readString(RULES));
        while (e.find()) {
            SELECTOR.matcher(e.group(1)).results().forEach(r -> out.add(r.group()));
        }
        assertThat(out).as("genlock_* selectors in " + RULES).isNotEmpty();
        return out;
    }

    record Result(int exitCode, String output) {}

    /** Runs promtool in the rules' folder; a missing promtool fails, naming the package. */
    private static Result promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(OPS.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed: install the Debian package 'prometheus' ("
                    + e.getMessage() + ")", e);
        }
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), output.strip());
        } finally {
            p.destroyForcibly();
        }
    }
}
