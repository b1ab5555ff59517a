package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP starts once, on the host and port of configs/org.apache.felix.http.cfg, and a port that
 * cannot be had at start is one fatal line and a non-zero exit.
 */
class HttpStartTest {

    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void jettyListensOnTheConfiguredPortFromItsFirstBindAndNeverOn8080() throws Exception {
        // No port on the command line: the framework default (8080) and the file's port differ.
        try (Distribution d = Distribution.start("genlock.jar", dir, false, port -> List.of())) {
            d.awaitLog("Genlock started in", START);
            d.awaitStatus("/system/console/bundles.json", null, null, 401, START);
            List<String> http = d.log().lines()
                    .filter(l -> l.contains("ServerConnector") || l.contains("Jetty") || l.contains("bind"))
                    .toList();
            assertThat(http.stream().filter(l -> l.contains("Started ServerConnector")))
                    .as("Jetty's log lines:%n%s", String.join("\n", http))
                    .singleElement().asString().contains("{127.0.0.1:" + d.port + "}");
            assertThat(http).as("Jetty's log lines").noneMatch(l -> l.contains("8080"))
                    .noneMatch(l -> l.contains("Stopped"));
            assertThat(http.stream().filter(l -> l.contains("Started Jetty"))).hasSize(1);
            d.terminate(STOP);
        }
    }

    @Test
    void aConfiguredPortInUseAtStartIsOneFatalLineAndANonZeroExit() throws Exception {
        ServerSocket[] taken = new ServerSocket[1];
        try (Distribution d = Distribution.start("genlock.jar", dir, false, port -> {
            taken[0] = listen(port); // another process's server on the port the file configures
            return List.of();
        })) {
            boolean exited = d.process.waitFor(START.toSeconds(), TimeUnit.SECONDS);
            assertThat(exited).as("still running with its port taken; log:%n%s", d.tail()).isTrue();
            assertThat(d.process.exitValue()).isNotZero();
            String log = d.log();
            assertThat(log.lines().filter(l -> l.contains("HTTP cannot listen on 127.0.0.1:" + d.port)))
                    .as("log:%n%s", log)
                    .singleElement().asString().contains("in use");
            assertThat(log).doesNotContain("\tat ", "Exception", "channel ch1", "Started ServerConnector");
        } finally {
            if (taken[0] != null) {
                taken[0].close();
            }
        }
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
