package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Genlock per working directory: a second {@code java -jar} there exits at once, non-zero,
 * with one line naming the directory and the running one's pid, and writes, binds and plays
 * nothing; a lock left by a killed Genlock does not block the next start.
 */
class SingleInstanceTest {

    static final String CONSOLE = "/system/console/bundles.json";
    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aSecondGenlockInTheSameDirectoryExitsNonZeroWithOneLineAndTouchesNothing() throws Exception {
        try (Distribution first = Distribution.start("genlock.jar", dir)) {
            first.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            first.awaitLog("Genlock started in", START);
            String password = first.generatedPassword();
            first.awaitStatus(CONSOLE, "admin", password, 200, START);
            Map<String, String> configsBefore = contents(dir.resolve("configs"));
            List<String> stateBefore = files(dir.resolve(".genlock"));

            int otherPort = Distribution.freePort();
            Path secondLog = dir.resolve("second.log");
            Process second = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.osgi.service.http.port=" + otherPort,
                    "-jar", Distribution.DIST.resolve("genlock.jar").toAbsolutePath().toString())
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(secondLog.toFile())
                    .start();
            try {
                boolean exited = second.waitFor(START.toSeconds(), TimeUnit.SECONDS);
                String out = Files.readString(secondLog, StandardCharsets.UTF_8);
                assertThat(exited).as("the second Genlock is still running; its output:%n%s", out).isTrue();
                assertThat(second.exitValue()).as("exit status").isNotZero();

                List<String> refusal = out.lines().filter(l -> l.contains("Another Genlock")).toList();
                assertThat(refusal).as("output:%n%s", out).hasSize(1);
                assertThat(refusal.get(0))
                        .contains("pid " + first.process.pid())
                        .contains(dir.toAbsolutePath().toString());
                assertThat(out).as("it started nothing")
                        .doesNotContain("ServerConnector", "Jetty", "channel ch1", "Genlock started", "password",
                                "Exception", "\tat ");
            } finally {
                second.destroyForcibly();
            }
            assertThat(contents(dir.resolve("configs"))).as("configs/ untouched").isEqualTo(configsBefore);
            assertThat(files(dir.resolve(".genlock"))).as("no new state files").isEqualTo(stateBefore);
            assertThat(Files.readString(dir.resolve(".genlock/instance.lock")).strip())
                    .as("the lock records the running Genlock's pid").isEqualTo(Long.toString(first.process.pid()));
            assertThat(first.process.isAlive()).isTrue();
            assertThat(first.get(CONSOLE, "admin", password).statusCode()).isEqualTo(200);
            assertThat(first.log()).doesNotContain("channel ch1: RUNNING -> FAILED");

            first.terminate(STOP);
            assertThat(first.log()).contains("Genlock stopped cleanly");
        }
    }

    @Test
    void aLockLeftByAKilledGenlockDoesNotBlockTheNextStart() throws Exception {
        try (Distribution killed = Distribution.start("genlock.jar", dir)) {
            killed.awaitLog("Genlock started in", START);
            killed.process.destroyForcibly();
            assertThat(killed.process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve(".genlock/instance.lock")).exists();
        Files.delete(dir.resolve("genlock.log"));
        try (Distribution next = Distribution.start("genlock.jar", dir)) {
            next.awaitLog("Genlock started in", START);
            next.awaitStatus(CONSOLE, "admin", next.generatedPassword(), 200, START);
            assertThat(Files.readString(dir.resolve(".genlock/instance.lock")).strip())
                    .isEqualTo(Long.toString(next.process.pid()));
            next.terminate(STOP);
        }
    }

    /** Relative paths of the regular files under {@code root}, without the running one's transient *.tmp. */
    static List<String> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(name -> !name.endsWith(".tmp")).sorted()
                    .collect(Collectors.toList());
        }
    }

    static Map<String, String> contents(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String f : files(root)) {
            out.put(f, Files.readString(root.resolve(f), StandardCharsets.UTF_8));
        }
        return out;
    }
}
