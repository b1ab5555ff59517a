package org.genlock.runtime.internal;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework when the JVM is asked to end (SIGTERM from systemd, Ctrl-C), so every
 * component deactivates in order: channels stop playout, files are closed, configuration is
 * written. The launcher alone would let the JVM exit with every bundle still active.
 */
@Component(immediate = true)
public class ShutdownOnSignal {

    /** How long the framework may take to stop before the JVM exits anyway. */
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownOnSignal.class);

    private Thread hook;

    /** Framework property: false leaves JVM shutdown to the launcher (the test launcher does its own). */
    static final String ENABLED = "genlock.shutdown.hook";

    @Activate
    void activate(BundleContext context) {
        if ("false".equalsIgnoreCase(context.getProperty(ENABLED))) {
            return;
        }
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        hook = new Thread(() -> stopFramework(system), "genlock-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: this very hook is what stops us.
        }
    }

    static void stopFramework(Bundle system) {
        if (system.getState() != Bundle.ACTIVE && system.getState() != Bundle.STARTING) {
            return;
        }
        LOG.info("Shutdown requested: stopping the framework (at most {} s)", STOP_TIMEOUT_MILLIS / 1000);
        long start = System.nanoTime();
        try {
            system.stop();
            if (system instanceof Framework framework) {
                FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MILLIS);
                if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    LOG.warn("The framework did not stop within {} s; exiting anyway", STOP_TIMEOUT_MILLIS / 1000);
                    return;
                }
            }
            System.out.printf("Genlock stopped cleanly in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            System.out.flush();
        } catch (BundleException | InterruptedException | RuntimeException e) {
            LOG.error("Stopping the framework failed", e);
        }
    }
}
