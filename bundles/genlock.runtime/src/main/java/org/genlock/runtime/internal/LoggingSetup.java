package org.genlock.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.status.Status;

/**
 * Sets up Logback, the platform's SLF4J provider, at start level 1, before any other bundle logs:
 * from {@code configs/logback.xml} when it exists (Logback checks it for changes, so levels and the
 * file appender change live), else from the copy of it embedded in this bundle (a {@code configs/}
 * from before the file existed). A file Logback cannot use at start is reported and the embedded
 * copy used instead; a bad edit later is reported and Logback keeps the previous setup. System
 * properties {@code genlock.log.level.<logger>=LEVEL} set one logger's level on top of the file,
 * for one run ({@code debug.jar} sets them). Only {@link Logging} calls this class, and only when
 * Logback is there: its signatures name Logback's classes.
 */
final class LoggingSetup {

    static final String FILE_NAME = "logback.xml";
    /** Prefix of system properties that set one logger's level. */
    static final String LEVEL_PREFIX = "genlock.log.level.";
    /** Logback substitutes no variable in this attribute: the embedded copy is read with it turned off. */
    static final String SCAN_ON = "scan=\"true\"";

    private static final Logger LOG = LoggerFactory.getLogger(LoggingSetup.class);

    // The listener of the previous setup (this bundle restarted): Logback keeps listeners across a reset.
    private static Reloads reloads;

    private LoggingSetup() {
    }

    /**
     * Configures Logback, unless another SLF4J provider is bound or Logback was pointed at its own
     * file ({@code -Dlogback.configurationFile}).
     *
     * @param file     the operator's file, or null
     * @param embedded the embedded default
     */
    static synchronized void configure(Path file, URL embedded) {
        if (System.getProperty("logback.configurationFile") != null) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        if (reloads != null) {
            context.removeConfigurationEventListener(reloads);
            reloads = null;
        }
        String problem = null;
        if (file != null && Files.isRegularFile(file)) {
            try {
                problem = apply(context, file.toUri().toURL(), true);
            } catch (MalformedURLException e) {
                problem = e.getMessage();
            }
            if (problem == null) {
                reloads = new Reloads(context, file);
                context.addConfigurationEventListener(reloads);
                LOG.debug("Logging set up from {} (checked for changes every few seconds)", file);
                return;
            }
        }
        apply(context, embedded, false);
        if (problem != null) {
            LOG.error("{} cannot be used: {}. Logging goes to the console at INFO (the built-in default) until the "
                    + "file is corrected and Genlock restarted.", file, problem);
        } else {
            LOG.debug("Logging set up from the built-in default (no {})", file == null ? FILE_NAME : file);
        }
    }

    /**
     * Configures from {@code url}, checking it for changes if {@code scan} (only a file can be
     * watched); returns the first error, or null. Warnings are logged.
     */
    static String apply(LoggerContext context, URL url, boolean scan) {
        context.reset();
        context.getStatusManager().clear();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        String error = null;
        try {
            if (scan) {
                joran.doConfigure(url);
            } else {
                String xml;
                try (InputStream in = url.openStream()) {
                    xml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(SCAN_ON, "scan=\"false\"");
                }
                joran.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (JoranException | IOException e) {
            error = e.getMessage();
        }
        List<String> warnings = new ArrayList<>();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            String text = s.getMessage() + (s.getThrowable() == null ? "" : " (" + s.getThrowable().getMessage() + ")");
            if (s.getLevel() == Status.ERROR && error == null) {
                error = text;
            } else if (s.getLevel() == Status.WARN) {
                warnings.add(text);
            }
        }
        if (error == null) {
            warnings.forEach(w -> LOG.warn("{}: {}", url, w));
            overrides(context, System.getProperties());
        }
        return error;
    }

    /** Applies {@code genlock.log.level.<logger>=LEVEL}; a value that is no level is reported and skipped. */
    static void overrides(LoggerContext context, Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith(LEVEL_PREFIX) || key.length() == LEVEL_PREFIX.length()) {
                continue;
            }
            String value = properties.getProperty(key).strip();
            Level level = Level.toLevel(value.toUpperCase(Locale.ROOT), null);
            if (level == null) {
                LOG.error("Property {}={} is not a log level; allowed: TRACE, DEBUG, INFO, WARN, ERROR, OFF. Ignored.",
                        key, value);
                continue;
            }
            context.getLogger(key.substring(LEVEL_PREFIX.length())).setLevel(level);
        }
    }

    /**
     * Says when an edit of the file took effect, or that it did not. Logback falls back to the
     * last good setup on a file it cannot parse and still ends the reconfiguration
     * "successfully": the errors are only in its status list, so that is where this looks.
     */
    private static final class Reloads implements ch.qos.logback.core.spi.ConfigurationEventListener {

        private final LoggerContext context;
        private final Path file;
        /** When Logback saw the change, 0 while none is being applied. */
        private volatile long changedAt;

        Reloads(LoggerContext context, Path file) {
            this.context = context;
            this.file = file;
        }

        @Override
        public void listen(ConfigurationEvent event) {
            switch (event.getEventType()) {
                case CHANGE_DETECTED -> changedAt = System.currentTimeMillis();
                case CONFIGURATION_ENDED_SUCCESSFULLY, CONFIGURATION_ENDED_WITH_XML_PARSING_ERRORS -> {
                    long since = changedAt;
                    if (since == 0) {
                        return;
                    }
                    changedAt = 0;
                    String error = firstError(since);
                    overrides(context, System.getProperties());
                    if (error == null) {
                        LOG.info("Logging: {} changed, applied", file);
                    } else {
                        LOG.error("Logging: {} has errors ({}); the previous logging setup stays in force", file, error);
                    }
                }
                default -> {
                    // registration and polling
                }
            }
        }

        private String firstError(long since) {
            for (Status s : context.getStatusManager().getCopyOfStatusList()) {
                if (s.getLevel() == Status.ERROR && s.getTimestamp() >= since) {
                    return s.getMessage() + (s.getThrowable() == null ? "" : ": " + s.getThrowable().getMessage());
                }
            }
            return null;
        }
    }
}
