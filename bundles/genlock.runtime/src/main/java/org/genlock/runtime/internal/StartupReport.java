package org.genlock.runtime.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line when the platform has finished starting: how long it took and which bundles,
 * if any, are not active. Operators and scripts wait for this line.
 */
@Component(immediate = true)
public class StartupReport implements FrameworkListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final AtomicBoolean reported = new AtomicBoolean();
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        // The launcher starts the framework at a low start level and raises it afterwards,
        // so STARTED can come before the bundles; the report waits for the final level.
        if (event.getType() != FrameworkEvent.STARTED && event.getType() != FrameworkEvent.STARTLEVEL_CHANGED) {
            return;
        }
        int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        if (level < beginningLevel() || !reported.compareAndSet(false, true)) {
            return;
        }
        Bundle[] bundles = context.getBundles();
        List<String> inactive = new ArrayList<>();
        for (Bundle b : bundles) {
            boolean fragment = b.getHeaders("").get("Fragment-Host") != null;
            if (b.getState() != Bundle.ACTIVE && !fragment) {
                inactive.add(b.getSymbolicName() + " (" + state(b.getState()) + ")");
            }
        }
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        if (inactive.isEmpty()) {
            LOG.info("Genlock started in {} ms: {} bundles active", uptime, bundles.length);
        } else {
            LOG.warn("Genlock started in {} ms: {} bundles, not active: {}", uptime, bundles.length, inactive);
        }
    }

    private int beginningLevel() {
        try {
            return Integer.parseInt(context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static String state(int state) {
        switch (state) {
            case Bundle.INSTALLED:
                return "installed, not resolved";
            case Bundle.RESOLVED:
                return "resolved";
            case Bundle.STARTING:
                return "starting";
            case Bundle.STOPPING:
                return "stopping";
            case Bundle.UNINSTALLED:
                return "uninstalled";
            default:
                return "active";
        }
    }
}
