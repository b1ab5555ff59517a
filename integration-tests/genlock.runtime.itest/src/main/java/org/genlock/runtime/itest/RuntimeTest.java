package org.genlock.runtime.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** genlock.runtime in a real framework: one log for OSGi and SLF4J, and the start-up report. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class RuntimeTest {

    static final Path LOG = Path.of("target/runtime-itest.log");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    LoggerFactory loggers;

    @Test
    void osgiLogEntriesReachTheSlf4jOutputAtTheirLevelNamedAfterTheBundle() throws Exception {
        String marker = "itest-" + UUID.randomUUID();
        Logger log = loggers.getLogger("itest");
        log.error("error {}", marker);
        log.warn("warn {}", marker);
        log.info("info {}", marker);
        awaitLine("ERROR genlock.runtime.itest - error " + marker);
        awaitLine("WARN genlock.runtime.itest - warn " + marker);
        awaitLine("INFO genlock.runtime.itest - info " + marker);
    }

    @Test
    void bundleEventsGoAtDebugUnderTheirOwnLoggerNotAsNoise() throws Exception {
        // A library bundle with no activator: stopping it disturbs nothing.
        Bundle library = find("org.osgi.util.function");
        library.stop();
        library.start();
        awaitLine("DEBUG Events.Bundle.org.osgi.util.function - BundleEvent STOPPED");
        awaitLine("DEBUG Events.Bundle.org.osgi.util.function - BundleEvent STARTED");
        assertThat(Files.readString(LOG)).doesNotContain("INFO Events.").doesNotContain("INFO org.osgi.util.function - BundleEvent");
        assertThat(library.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void startupReportNamesTheBundleCount() throws Exception {
        awaitLine("Genlock started in ");
        String report = Files.readAllLines(LOG).stream().filter(l -> l.contains("Genlock started in")).findFirst().orElseThrow();
        assertThat(report).matches(".*Genlock started in \\d+ ms: " + context.getBundles().length + " bundles active$");
    }

    private Bundle find(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(bsn);
    }

    private static void awaitLine(String fragment) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(LOG) && Files.readString(LOG).contains(fragment)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never logged: " + fragment + "\n" + (Files.exists(LOG) ? Files.readString(LOG) : "(no log file)"));
    }
}
