package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging of the exported jars: debug.jar shows Genlock's own decisions at DEBUG, and
 * configs/logback.xml changes levels and the rotating file of a running platform.
 */
class LoggingTest {

    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(15);
    /** Logback checks the file every 5 s; generous for a loaded machine. */
    static final Duration RELOAD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void debugJarLogsSwapsRecoveryDecisionsAndConfigurationChecksAtDebug() throws Exception {
        Distribution.copyShippedConfigs(dir);
        // late frames now and then: the channel has recovery decisions to make
        Path clock = dir.resolve("configs/genlock.device.clock.cfg");
        Files.writeString(clock, Files.readString(clock) + "fault.stall.ms=200\nfault.stall.every=25\n");
        try (Distribution d = Distribution.startAsIs("debug.jar", dir,
                port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            d.awaitStatus("/genlock/api/channels/ch1", "admin", d.generatedPassword(), 200, START);
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create(d.origin() + "/genlock/api/channels/ch1/policy"))
                    .header("Authorization", RawHttp.basic("admin", d.generatedPassword()))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"id\":\"lowlatency\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            d.awaitLog("DEBUG org\\.genlock\\.config\\.internal\\.ConfigurationGuard - .*genlock\\.channel-ch1\\.cfg.*"
                    + "checked and accepted", START);
            d.awaitLog("DEBUG org\\.genlock\\.backend\\.internal\\.Channel - channel ch1: policy binding standard "
                    + "\\(generation \\d+\\) -> lowlatency", START);
            d.awaitLog("DEBUG org\\.genlock\\.backend\\.internal\\.ObservationBus - channel ch1: recovery decision at "
                    + "display index \\d+", START);
            d.terminate(STOP);
        }
    }

    @Test
    void levelsAndTheRotatingFileChangeLiveAndABrokenFileKeepsThePreviousSetup() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("Genlock started in", START);
            d.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
            assertThat(d.log()).doesNotContain(" DEBUG org.genlock.");
            Path logback = dir.resolve("configs/logback.xml");
            String shipped = Files.readString(logback);
            // what the file's own comment says to do: remove the comment lines around the file
            // appender and its reference, and set a level
            String enabled = shipped
                    .replace("  <!--\n  <appender name=\"FILE\"", "  <appender name=\"FILE\"")
                    .replace("  </appender>\n  -->\n", "  </appender>\n")
                    .replace("    <!--\n    <appender-ref ref=\"FILE\"/>\n    -->\n", "    <appender-ref ref=\"FILE\"/>\n")
                    .replace("<logger name=\"org.genlock\" level=\"INFO\"/>", "<logger name=\"org.genlock\" level=\"DEBUG\"/>");
            assertThat(enabled).as("the edit the comments describe").doesNotContain("<!--\n    <appender-ref");
            Files.writeString(logback, enabled);
            d.awaitLog("Logging: .*logback\\.xml changed, applied", RELOAD);
            Path file = dir.resolve(".genlock/logs/genlock.log");
            // a configuration check at DEBUG, into the file as well as the console
            Path clock = dir.resolve("configs/genlock.device.clock.cfg");
            Files.writeString(clock, Files.readString(clock).replace("snapshot.interval.ms=1000", "snapshot.interval.ms=900"));
            d.awaitLog("DEBUG org\\.genlock\\.config\\.internal\\.ConfigurationGuard - .*genlock\\.device\\.clock\\.cfg", START);
            assertThat(file).exists();
            assertThat(Files.readString(file)).contains("DEBUG org.genlock.config.internal.ConfigurationGuard");

            Files.writeString(logback, enabled.replace("</configuration>", ""));
            d.awaitLog("Logging: .*logback\\.xml has errors", RELOAD);
            // the previous setup (DEBUG, file) stays in force
            Files.writeString(clock, Files.readString(clock).replace("snapshot.interval.ms=900", "snapshot.interval.ms=800"));
            d.awaitLog("DEBUG org\\.genlock\\.config\\.internal\\.ConfigurationGuard - .*genlock\\.device\\.clock\\.cfg.*\\n"
                    + "(.*\\n)*.*DEBUG org\\.genlock\\.config\\.internal\\.ConfigurationGuard - .*genlock\\.device\\.clock\\.cfg",
                    START);
            long lines = Files.readAllLines(file).stream().filter(l -> l.contains("genlock.device.clock.cfg")
                    && l.contains("DEBUG")).count();
            assertThat(lines).as("configuration checks in the file").isGreaterThanOrEqualTo(2);
            d.terminate(STOP);
        }
    }

    @Test
    void aLogbackXmlThatCannotBeUsedAtStartIsReportedAndLoggingGoesOnAsShipped() throws Exception {
        Distribution.copyShippedConfigs(dir);
        Path logback = dir.resolve("configs/logback.xml");
        Files.writeString(logback, Files.readString(logback).replace("</configuration>", ""));
        try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
                port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
            d.awaitLog("ERROR org\\.genlock\\.runtime\\.internal\\.LoggingSetup - configs/logback\\.xml cannot be used: .*"
                    + "Logging goes to the console at INFO", START);
            d.awaitLog("INFO org\\.genlock\\.backend\\.internal\\.ObservationBus - channel ch1: PREROLLING -> RUNNING", START);
            d.terminate(STOP);
        }
    }

    @Test
    void aConfigsDirectoryWithoutLogbackXmlLogsAsShipped() throws Exception {
        // a configs/ from before logback.xml existed: the embedded copy sets logging up
        Distribution.copyShippedConfigs(dir);
        Files.delete(dir.resolve("configs/logback.xml"));
        try (Distribution d = Distribution.startAsIs("genlock.jar", dir,
                port -> List.of("-Dorg.osgi.service.http.port=" + port))) {
            d.awaitLog("Genlock started in", START);
            d.awaitLog("\\[genlock-ch1-events\\] INFO org\\.genlock\\.backend\\.internal\\.ObservationBus - channel ch1: "
                    + "PREROLLING -> RUNNING", START);
            assertThat(d.log()).doesNotContain(" DEBUG ", "logback.xml cannot be used");
            d.terminate(STOP);
        }
        assertThat(List.of(dir.resolve("configs").toFile().list())).doesNotContain("logback.xml");
    }
}
