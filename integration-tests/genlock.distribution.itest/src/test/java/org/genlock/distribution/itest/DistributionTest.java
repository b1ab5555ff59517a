package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported jars as an operator runs them: a process with no terminal, a fresh working
 * directory holding the shipped configs/, stopped with SIGTERM.
 */
class DistributionTest {

    static final String CONSOLE = "/system/console/bundles.json";
    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(15);
    /** 127.0.0.1, ::ffff:127.0.0.1 and ::1 as /proc/net/tcp{,6} print them. */
    static final Set<String> LOOPBACK = Set.of(
            "0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000");

    @TempDir
    Path dir;

    @Test
    void runsAsADaemonOnLoopbackWithAGeneratedPasswordAndStopsCleanlyOnSigterm() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("Genlock started in \\d+ ms: \\d+ bundles active", START);
            d.awaitLog("a password was generated and\\s+stored in " + java.util.regex.Pattern.quote(
                    d.passwordFile().toAbsolutePath().toString()), START);

            String password = d.generatedPassword();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(Files.getPosixFilePermissions(d.passwordFile()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(d.log()).as("the password itself is never logged").doesNotContain(password);

            d.awaitStatus(CONSOLE, "admin", password, 200, START);
            assertThat(d.get(CONSOLE, "admin", password).body())
                    .contains("\"symbolicName\":\"genlock.security\"", "\"symbolicName\":\"genlock.config\"");
            assertThat(d.get(CONSOLE, "admin", "admin").statusCode()).isEqualTo(401);
            assertThat(d.get(CONSOLE, null, null).statusCode()).isEqualTo(401);

            List<String> listening = d.listeningAddresses();
            assertThat(listening).as("sockets listening on port %d", d.port).isNotEmpty();
            assertThat(listening).as("only loopback").allSatisfy(a -> assertThat(LOOPBACK).contains(a));

            // standard input is closed: Gogo must not have stopped the framework
            assertThat(d.process.isAlive()).isTrue();

            long millis = d.terminate(STOP);
            assertThat(d.log()).contains("Genlock stopped cleanly").contains("Stopped Jetty");
            assertThat(millis).as("ms from SIGTERM to exit").isLessThan(STOP.toMillis());
        }
    }

    @Test
    void configFilesReconfigureLiveAndABadValueIsReportedByFileAndKey() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("Genlock started in", START);
            String generated = d.generatedPassword();
            d.awaitStatus(CONSOLE, "admin", generated, 200, START);

            Path security = d.workDir.resolve("configs/genlock.security.cfg");
            Files.writeString(security, "username=operator\npassword=a long operator secret\n");
            d.awaitStatus(CONSOLE, "operator", "a long operator secret", 200, START);
            assertThat(d.get(CONSOLE, "admin", generated).statusCode()).isEqualTo(401);

            // A weak password is refused and the operator's stays.
            Files.writeString(security, "username=admin\npassword=admin\n");
            d.awaitLog("Configuration genlock.security rejected: password", START);
            assertThat(d.get(CONSOLE, "admin", "admin").statusCode()).isEqualTo(401);
            assertThat(d.get(CONSOLE, "operator", "a long operator secret").statusCode()).isEqualTo(200);

            // A port that is not a number: reported with file and key, HTTP stays where it was.
            Path httpCfg = d.workDir.resolve("configs/org.apache.felix.http.cfg");
            Files.writeString(httpCfg, Files.readString(httpCfg)
                    .replaceAll("(?m)^org\\.osgi\\.service\\.http\\.port=.*$", "org.osgi.service.http.port=eighty"));
            d.awaitLog("configs/org\\.apache\\.felix\\.http\\.cfg \\(configuration org\\.apache\\.felix\\.http\\): "
                    + "key 'org\\.osgi\\.service\\.http\\.port' = 'eighty' rejected: .*integer.*previous value '"
                    + d.port + "' stays in force", START);
            d.awaitStatus(CONSOLE, "operator", "a long operator secret", 200, START);
            assertThat(d.process.isAlive()).isTrue();

            d.terminate(STOP);
            assertThat(d.log()).contains("Genlock stopped cleanly");
        }
    }

    @Test
    void aRestartKeepsTheGeneratedPasswordAndConsoleConfiguration() throws Exception {
        String first;
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("Genlock started in", START);
            first = d.generatedPassword();
            d.awaitStatus(CONSOLE, "admin", first, 200, START);
            d.terminate(STOP);
        }
        Files.delete(dir.resolve("genlock.log"));
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            d.awaitLog("Genlock started in", START);
            assertThat(d.generatedPassword()).isEqualTo(first);
            assertThat(d.log()).doesNotContain("a password was generated");
            d.awaitStatus(CONSOLE, "admin", first, 200, START);
            d.terminate(STOP);
        }
    }

    @Test
    void headlessVariantServesNoHttpAndStopsCleanly() throws Exception {
        try (Distribution d = Distribution.start("headless.jar", dir)) {
            d.awaitLog("Genlock started in \\d+ ms: \\d+ bundles active", START);
            assertThat(d.log()).doesNotContain("org.apache.felix.webconsole").doesNotContain("Jetty");
            assertThat(d.listeningAddresses()).isEmpty();
            assertThat(d.process.isAlive()).isTrue();
            d.terminate(STOP);
            assertThat(d.log()).contains("Genlock stopped cleanly");
        }
    }
}
