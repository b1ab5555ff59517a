package org.genlock.config.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The configuration guard in a real framework with ConfigAdmin and Metatype: a ManagedService
 * described by a MetaTypeProvider receives good values unchanged, a bad value replaced by the
 * previous good one, and a bad value without a previous one not at all.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ConfigurationGuardTest {

    static final String PID = "genlock.itest.guard";
    static final String STEP = "genlock.itest.step";
    static final String FILE = "file:/tmp/x/configs/genlock.itest.guard.cfg";
    static final Duration WAIT = Duration.ofSeconds(20);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    /** Every dictionary the ManagedService received, copied. */
    final List<Map<String, Object>> delivered = new CopyOnWriteArrayList<>();
    final AtomicInteger steps = new AtomicInteger();
    final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        configAdmin.getConfiguration(PID, "?").delete();
        restartGuard(); // the guard remembers last good values; each test starts without history
        Hashtable<String, Object> mtp = new Hashtable<>();
        mtp.put(MetaTypeProvider.METATYPE_PID, PID);
        registrations.add(context.registerService(MetaTypeProvider.class, new Provider(), mtp));
        Hashtable<String, Object> ms = new Hashtable<>();
        ms.put(Constants.SERVICE_PID, PID);
        registrations.add(context.registerService(ManagedService.class, properties -> {
            if (properties != null) {
                Map<String, Object> copy = new HashMap<>();
                for (String k : Collections.list(properties.keys())) {
                    copy.put(k, properties.get(k));
                }
                delivered.add(copy);
            }
        }, ms));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        configAdmin.getConfiguration(PID, "?").delete();
    }

    @Test
    void guardIsAConfigurationPluginRankedAt500() {
        ServiceReference<ConfigurationPlugin> ref = guardReference();
        assertThat(ref).as("guard plugin").isNotNull();
        assertThat(ref.getProperty(ConfigurationPlugin.CM_RANKING)).isEqualTo(500);
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo("genlock.config");
    }

    @Test
    void goodConfigurationArrivesUnchanged() throws Exception {
        Map<String, Object> got = update(Map.of("port", 8080, "ratio", 0.5, "mode", "a", "free", "anything"));
        assertThat(got).containsEntry("port", 8080).containsEntry("ratio", 0.5)
                .containsEntry("mode", "a").containsEntry("free", "anything");

        // string values, as from a .cfg file, pass as they are
        got = update(Map.of("port", "8081", "ratio", "1.25", "mode", "b"));
        assertThat(got).containsEntry("port", "8081").containsEntry("ratio", "1.25").containsEntry("mode", "b");
    }

    @Test
    void badValueIsReplacedWithThePreviousGoodOne() throws Exception {
        update(Map.of("port", 8080, "ratio", 0.5, "mode", "a"));
        Map<String, Object> got = update(Map.of("port", "abc", "ratio", 0.75, "mode", "b"));
        assertThat(got).as("bad port falls back, good keys update")
                .containsEntry("port", 8080).containsEntry("ratio", 0.75).containsEntry("mode", "b");
    }

    @Test
    void badValueWithoutAPreviousGoodOneIsRemoved() throws Exception {
        Map<String, Object> got = update(Map.of("port", 8082, "mode", "c"));
        assertThat(got).containsEntry("port", 8082).doesNotContainKey("mode");
    }

    @Test
    void fileinstallConfigurationIsGuardedAndTheFileIsNamed() throws Exception {
        update(Map.of(FILEINSTALL, FILE, "port", "9000", "ratio", "2.5"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, log), true, StandardCharsets.UTF_8));
        Map<String, Object> got;
        try {
            got = update(Map.of(FILEINSTALL, FILE, "port", "oops", "ratio", "3.5"));
        } finally {
            System.setOut(original);
        }
        assertThat(got).containsEntry("port", "9000").containsEntry("ratio", "3.5").containsEntry(FILEINSTALL, FILE);
        assertThat(log.toString(StandardCharsets.UTF_8)).as("error log")
                .contains("/tmp/x/configs/genlock.itest.guard.cfg").contains("'port'").contains("'oops'")
                .contains("an integer").contains("'9000'");
    }

    static final String FILEINSTALL = "felix.fileinstall.filename";

    /** Updates the configuration and returns what the ManagedService received for it. */
    Map<String, Object> update(Map<String, Object> values) throws Exception {
        String step = String.valueOf(steps.incrementAndGet());
        Hashtable<String, Object> props = new Hashtable<>(values);
        props.put(STEP, step);
        Configuration configuration = configAdmin.getConfiguration(PID, "?");
        configuration.update(props);
        return await(d -> step.equals(d.get(STEP)), "delivery of step " + step + " " + values);
    }

    Map<String, Object> await(Predicate<Map<String, Object>> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> d : delivered) {
                if (match.test(d)) {
                    return d;
                }
            }
            Thread.sleep(50);
        }
        return fail("no " + what + " within " + WAIT + "; delivered: " + delivered);
    }

    ServiceReference<ConfigurationPlugin> guardReference() {
        try {
            Collection<ServiceReference<ConfigurationPlugin>> refs =
                    context.getServiceReferences(ConfigurationPlugin.class, "(config.plugin.id=genlock.config.guard)");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    void restartGuard() throws Exception {
        Bundle guard = null;
        for (Bundle b : context.getBundles()) {
            if ("genlock.config".equals(b.getSymbolicName())) {
                guard = b;
            }
        }
        assertThat(guard).as("genlock.config bundle").isNotNull();
        guard.stop();
        guard.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (guardReference() == null) {
            if (System.nanoTime() > deadline) {
                fail("guard plugin not registered within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    static final class Tee extends OutputStream {
        final OutputStream a;
        final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }

    static final class Provider implements MetaTypeProvider {
        @Override
        public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
            return PID.equals(id) ? new Ocd() : null;
        }

        @Override
        public String[] getLocales() {
            return null;
        }
    }

    static final class Ocd implements ObjectClassDefinition {
        @Override public String getName() { return "Guard test"; }
        @Override public String getID() { return PID; }
        @Override public String getDescription() { return null; }
        @Override public java.io.InputStream getIcon(int size) { return null; }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return new AttributeDefinition[] {
                new Ad("port", AttributeDefinition.INTEGER, null),
                new Ad("ratio", AttributeDefinition.DOUBLE, null),
                new Ad("mode", AttributeDefinition.STRING, new String[] {"a", "b"}),
            };
        }
    }

    record Ad(String id, int type, String[] options) implements AttributeDefinition {
        @Override public String getName() { return id; }
        @Override public String getID() { return id; }
        @Override public String getDescription() { return null; }
        @Override public int getCardinality() { return 0; }
        @Override public int getType() { return type; }
        @Override public String[] getOptionValues() { return options; }
        @Override public String[] getOptionLabels() { return options; }
        @Override public String validate(String value) { return null; }
        @Override public String[] getDefaultValue() { return null; }
    }
}
