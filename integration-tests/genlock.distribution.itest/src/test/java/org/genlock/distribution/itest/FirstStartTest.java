package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar copied alone into an empty directory, as the README's service setup does: the first
 * start writes the shipped configs/ there and plays ch1; later starts leave the operator's
 * configs/ as they are. And the port: the command line chooses it unless configs/ pins one.
 */
class FirstStartTest {

    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void anEmptyDirectoryGetsTheShippedConfigsAndPlaysCh1AndLaterStartsKeepTheOperatorsEdits() throws Exception {
        Path configs = dir.resolve("configs");
        try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
                port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            d.awaitLog("Genlock started in", START);
            assertThat(contents(configs)).as("configs/ written at the first start")
                    .isEqualTo(contents(Distribution.SHIPPED_CONFIGS));
            assertThat(d.log()).contains("created it with the shipped defaults").doesNotContain("Root path does not exist");
            d.awaitStatus("/genlock/api/channels/ch1", "admin", d.generatedPassword(), 200, START);
            d.terminate(STOP);
        }
        Path channel = configs.resolve("genlock.channel-ch1.cfg");
        Files.writeString(channel, Files.readString(channel).replace("program=bars | timecode", "program=bars")
                + "# the operator's note\n");
        String edited = Files.readString(channel);
        try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
                port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            d.awaitLog("Genlock started in", START);
            assertThat(Files.readString(channel)).isEqualTo(edited);
            assertThat(d.log()).doesNotContain("created it with the shipped defaults");
            d.terminate(STOP);
        }
    }

    @Test
    void anExistingEmptyConfigsDirectoryIsTheOperatorsAndStaysEmpty() throws Exception {
        Files.createDirectories(dir.resolve("configs"));
        try (Distribution d = Distribution.startAsIs("headless.jar", dir, port -> List.of())) {
            d.awaitLog("Genlock started in", START);
            assertThat(contents(dir.resolve("configs"))).isEmpty();
            assertThat(d.log()).doesNotContain("created it with the shipped defaults", "channel ch1");
            d.terminate(STOP);
        }
    }

    @Test
    void theCommandLineChoosesThePortUnlessConfigsPinsOne() throws Exception {
        // the README's example, with the shipped configs/: the command line's port is the one
        Distribution.copyShippedConfigs(dir);
        try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
                port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
            d.awaitLog("Genlock started in", START);
            d.awaitStatus("/system/console/bundles.json", null, null, 401, START);
            assertThat(d.log()).contains("{127.0.0.1:" + d.port + "}");
            d.terminate(STOP);
        }
        // a port in the file wins over the command line's
        int pinned = Distribution.freePort();
        Path http = dir.resolve("configs/org.apache.felix.http.cfg");
        Files.writeString(http, Files.readString(http)
                .replace("#org.osgi.service.http.port=8080", "org.osgi.service.http.port=" + pinned));
        try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
                port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
            d.awaitLog("Genlock started in", START);
            d.awaitLog("Started ServerConnector.*\\{127\\.0\\.0\\.1:" + pinned + "\\}", START);
            assertThat(d.log()).doesNotContain("{127.0.0.1:" + d.port + "}");
            d.terminate(STOP);
        }
    }

    static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return out;
    }
}
