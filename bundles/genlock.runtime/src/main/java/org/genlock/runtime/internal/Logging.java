package org.genlock.runtime.internal;

import java.net.URL;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * Sets up logging if the platform's SLF4J provider is Logback (the exported distributions);
 * with another provider (the integration tests' slf4j-simple) there is nothing to do. This class
 * names no Logback type, so it loads whether or not the optional Logback imports are wired.
 */
final class Logging {

    private Logging() {
    }

    /** @param configs the FileInstall directory, or null without one */
    static void setUp(BundleContext context, Path configs) {
        if (!logbackWired()) {
            return;
        }
        URL embedded = context.getBundle().getEntry(DefaultConfigs.EMBEDDED + "/" + LoggingSetup.FILE_NAME);
        LoggingSetup.configure(configs == null ? null : configs.resolve(LoggingSetup.FILE_NAME), embedded);
    }

    private static boolean logbackWired() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext", false, Logging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
