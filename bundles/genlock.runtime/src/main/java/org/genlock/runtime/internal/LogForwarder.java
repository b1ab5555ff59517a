package org.genlock.runtime.internal;

import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards OSGi log entries (Felix SCR, ConfigAdmin, FileInstall, Metatype, framework
 * events) to SLF4J, so an operator reads one log, not two. Framework event chatter
 * (every bundle and service event) goes at debug level.
 */
@Component(immediate = true)
public class LogForwarder implements LogListener {

    /** Framework property: the OSGi root log level when none is configured (default INFO). */
    static final String LEVEL = "genlock.log.level";

    @Reference
    LogReaderService reader;

    @Reference
    LoggerAdmin loggerAdmin;

    @Activate
    void activate(BundleContext context) {
        // The OSGi Log Service drops entries below WARN unless a level is configured; an
        // operator expects the INFO lines of SCR, ConfigAdmin and FileInstall like any other.
        LoggerContext root = loggerAdmin.getLoggerContext(null);
        if (root.getLogLevels().isEmpty()) {
            String level = context.getProperty(LEVEL);
            LogLevel rootLevel = LogLevel.INFO;
            try {
                rootLevel = level == null ? LogLevel.INFO : LogLevel.valueOf(level.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                LoggerFactory.getLogger(LogForwarder.class).error(
                        "Framework property {}={} is not a log level; allowed: TRACE, DEBUG, INFO, WARN, ERROR, AUDIT. Using INFO.",
                        LEVEL, level);
            }
            root.setLogLevels(Map.of(org.osgi.service.log.Logger.ROOT_LOGGER_NAME, rootLevel));
        }
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        String source = bundle != null && bundle.getSymbolicName() != null ? bundle.getSymbolicName() : "osgi";
        String name = entry.getLoggerName();
        boolean event = name != null && name.startsWith("Events.");
        // Event logger names already carry the bundle: "Events.Bundle.<bsn>".
        Logger log = LoggerFactory.getLogger(event ? name : source);
        String message = entry.getMessage();
        Throwable error = entry.getException();
        if (event) {
            log.debug(message, error);
            return;
        }
        switch (entry.getLogLevel()) {
            case AUDIT:
            case ERROR:
                log.error(message, error);
                break;
            case WARN:
                log.warn(message, error);
                break;
            case INFO:
                log.info(message, error);
                break;
            case DEBUG:
                log.debug(message, error);
                break;
            default:
                log.trace(message, error);
        }
    }
}
