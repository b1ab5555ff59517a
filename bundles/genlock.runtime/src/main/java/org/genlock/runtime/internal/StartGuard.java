package org.genlock.runtime.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a Genlock that would fight another one. Runs as this bundle's activator at
 * start level 1, so before Configuration Admin, FileInstall, Jetty and the channels (level 2 and
 * up) have written, bound or played anything:
 * <ul>
 * <li>a second Genlock in the same state directory ({@code genlock.home}, default
 * {@code ./.genlock}) would share its configuration store, secrets and sinks: it exits;</li>
 * <li>an HTTP port that another process holds would leave the platform without its console:
 * it exits.</li>
 * </ul>
 * Between the two it writes the shipped {@code configs/} into a working directory that has none
 * ({@link DefaultConfigs}) and sets up logging from it ({@link Logging}).
 * The exit comes from the framework's start-level thread before any shutdown hook of ours is
 * registered, so nothing waits on that thread; {@code System.exit} is the launcher's own way to
 * end the process (it runs the launcher's hooks, which remove its temporary storage).
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public class StartGuard implements BundleActivator {

    /** Exit status of a refused start. */
    static final int EXIT_REFUSED = 1;

    /** Framework property: the state directory, default {@code ./.genlock}. */
    static final String HOME = "genlock.home";
    /** Framework property: the directory FileInstall watches, configs/ as shipped. */
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    // Held for the life of the process: a restart or update of this bundle must not let a second
    // Genlock in. The operating system releases it when the process ends.
    private static volatile InstanceLock held;

    @Override
    public void start(BundleContext context) {
        String problem = lock(context);
        if (problem == null) {
            // after the lock (two starts never both write), before logging reads configs/logback.xml
            // and the port check and FileInstall read the rest
            problem = defaults(context);
        }
        if (problem == null && httpInstalled(context)) {
            problem = HttpAddressCheck.problem(context::getProperty);
        }
        if (problem != null) {
            refuse(problem);
        }
    }

    @Override
    public void stop(BundleContext context) {
        InstanceLock lock = held;
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        if (lock != null && system.getState() == Bundle.STOPPING) {
            held = null;
            lock.release();
        }
    }

    /**
     * Writes the shipped configs/ where there is none and sets up logging from it; null, or why
     * Genlock cannot start.
     */
    private static String defaults(BundleContext context) {
        Path dir = DefaultConfigs.directory(context.getProperty(FILEINSTALL_DIR));
        List<String> created;
        try {
            created = DefaultConfigs.createIfMissing(dir, DefaultConfigs.embedded(context.getBundle()));
        } catch (IOException | RuntimeException e) {
            return "Cannot create the default configuration directory " + dir.toAbsolutePath() + ": " + e
                    + ". Genlock does not start; create it (copy configs/ from the distribution) or start from a "
                    + "writable directory.";
        }
        Logging.setUp(context, dir);
        if (!created.isEmpty()) {
            LoggerFactory.getLogger(StartGuard.class).info("No configuration directory {} here: created it with the "
                    + "shipped defaults ({}). Channel ch1 plays on the clock device; edit the files to change that.",
                    dir.toAbsolutePath(), String.join(", ", created));
        }
        return null;
    }

    static Path home(BundleContext context) {
        String home = context.getProperty(HOME);
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.dir"), ".genlock");
    }

    private static String lock(BundleContext context) {
        if (held != null) {
            return null;
        }
        Path home = home(context).toAbsolutePath().normalize();
        try {
            InstanceLock.Outcome outcome = InstanceLock.acquire(home);
            if (outcome instanceof InstanceLock.Acquired acquired) {
                held = acquired.lock();
            } else if (outcome instanceof InstanceLock.HeldElsewhere other) {
                return "Another Genlock (pid " + other.pid() + ") is already running with " + home
                        + " (working directory " + Path.of("").toAbsolutePath() + "; it holds " + other.path()
                        + "). This one exits without starting; stop the other first or start from another directory.";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "Cannot take the single-instance lock in " + home + ": " + e + ". Genlock does not start.";
        }
    }

    private static boolean httpInstalled(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if ("org.apache.felix.http.jetty".equals(b.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(String problem) {
        System.err.println("Genlock: " + problem);
        System.err.flush();
        System.exit(EXIT_REFUSED);
    }
}
