package org.genlock.benchmark.probe.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the benchmark when the framework was launched for one ({@code -Dgenlock.bench.out=<dir>}):
 * runs {@link Bench} on its own thread, writes {@code report.md}, {@code report.json} and
 * {@code summary.txt} (or {@code error.txt}) to that directory, then stops the framework.
 * Without the property it does nothing.
 */
@Component(immediate = true, service = {})
public class ProbeComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeComponent.class);

    @Reference
    ConfigurationAdmin cm;

    @Activate
    void activate(BundleContext context) {
        String out = context.getProperty("genlock.bench.out");
        if (out == null || out.isBlank()) {
            LOG.info("Benchmark probe idle: start the framework with -Dgenlock.bench.out=<dir> to run the benchmark");
            return;
        }
        boolean quick = Boolean.parseBoolean(context.getProperty("genlock.bench.quick"));
        String t0 = context.getProperty("genlock.bench.t0");
        String only = context.getProperty("genlock.bench.only");
        Set<String> scenarios = only == null || only.isBlank() ? Set.of()
                : Set.of(only.strip().split("\\s*,\\s*"));
        Bench.Options opt = Bench.Options.of(quick, t0 == null ? 0 : Long.parseLong(t0.strip()), scenarios);
        Thread t = new Thread(() -> runAndStop(context, Path.of(out), opt), "bench-probe");
        t.setDaemon(true);
        t.start();
    }

    private void runAndStop(BundleContext context, Path out, Bench.Options opt) {
        try {
            Files.createDirectories(out);
            Report r = new Bench(context, cm, opt).run();
            Files.writeString(out.resolve("report.md"), r.markdown("Genlock benchmark" + (opt.quick() ? " (--quick)"
                    : "")));
            Files.writeString(out.resolve("report.json"), r.json());
            Files.writeString(out.resolve("summary.txt"), r.summary() + "\n");
            LOG.info("Benchmark finished: {}", r.summary());
        } catch (Throwable e) {
            LOG.error("Benchmark failed", e);
            try {
                Files.writeString(out.resolve("error.txt"), e + "\n");
            } catch (Exception ignored) {
                // the log has it
            }
        } finally {
            if (!"false".equals(context.getProperty("genlock.bench.exit"))) {
                try {
                    context.getBundle(0).stop();
                } catch (BundleException | IllegalStateException e) {
                    LOG.error("Could not stop the framework after the benchmark", e);
                }
            }
        }
    }
}
