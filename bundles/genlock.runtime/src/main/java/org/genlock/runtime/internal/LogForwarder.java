package org.genlock.runtime.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
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

    @Reference
    LogReaderService reader;

    @Activate
    void activate() {
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
        Logger log = LoggerFactory.getLogger(event ? source + "." + name : source);
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
