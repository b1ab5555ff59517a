package org.genlock.config.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.genlock.api.config.ConfigurationCandidate;
import org.genlock.api.config.ConfigurationCheck;
import org.genlock.api.config.ConfigurationProblem;
import org.genlock.itest.support.log.LogWatch;
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
import org.osgi.service.cm.ManagedService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The guard in front of real Declarative Services and registered configuration checks: a
 * reference target that is no LDAP filter never reaches DS (the bound service stays bound,
 * also after the guard bundle restarted), a configuration refused as a whole by a check keeps
 * the whole previous one (or delivers none of a first one), and the log names the subject.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class GuardTest {

	static final Duration WAIT = Duration.ofSeconds(20);
	static final String CHECKED = "genlock.itest.checked";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	final List<ServiceRegistration<?>> registrations = new ArrayList<>();
	final List<Map<String, Object>> delivered = new CopyOnWriteArrayList<>();
	final Runnable a = () -> {
	};
	final Runnable b = () -> {
	};

	@BeforeEach
	void setUp() throws Exception {
		cm.getConfiguration(DsProbe.PID, "?").delete();
		cm.getConfiguration(CHECKED, "?").delete();
		registrations.add(context.registerService(Runnable.class, a, new Hashtable<>(Map.of("name", "a"))));
		registrations.add(context.registerService(Runnable.class, b, new Hashtable<>(Map.of("name", "b"))));
	}

	@AfterEach
	void tearDown() throws Exception {
		cm.getConfiguration(DsProbe.PID, "?").delete();
		cm.getConfiguration(CHECKED, "?").delete();
		registrations.forEach(ServiceRegistration::unregister);
	}

	DsProbe probe() {
		ServiceReference<DsProbe> ref = context.getServiceReference(DsProbe.class);
		return ref == null ? null : context.getService(ref);
	}

	void configureProbe(String target, int step) throws Exception {
		cm.getConfiguration(DsProbe.PID, "?").update(new Hashtable<>(Map.of("thing.target", target, "step", step)));
		await("probe configured with step " + step, () -> {
			DsProbe p = probe();
			return p != null && Integer.valueOf(step).equals(p.config().get("step"));
		});
	}

	@Test
	void aTargetThatIsNoFilterNeverReachesDsAndTheBoundServiceStays() throws Exception {
		configureProbe("(name=a)", 1);
		await("a bound", () -> probe().thing() == a);
		try (LogWatch log = new LogWatch()) {
			configureProbe("(name=b", 2);
			assertThat(log.text()).contains("configuration " + DsProbe.PID + ": key 'thing.target' = '(name=b' rejected")
					.contains("not a valid LDAP filter").contains("previous value '(name=a)' stays in force");
		}
		assertThat(probe().config()).containsEntry("thing.target", "(name=a)");
		assertThat(probe().thing()).as("still bound to a").isSameAs(a);
		configureProbe("(name=b)", 3);
		await("a good target still applies", () -> probe().thing() == b);
	}

	@Test
	void afterTheGuardRestartedWhatTheComponentRunsWithIsThePreviousValue() throws Exception {
		configureProbe("(name=a)", 1);
		await("a bound", () -> probe().thing() == a);
		Bundle guard = bundle("genlock.config");
		guard.stop();
		guard.start();
		await("guard back", () -> {
			try {
				return !context.getServiceReferences(org.osgi.service.cm.ConfigurationPlugin.class,
						"(config.plugin.id=genlock.config.guard)").isEmpty();
			} catch (Exception e) {
				return false;
			}
		});
		configureProbe("garbage", 2);
		assertThat(probe().config()).containsEntry("thing.target", "(name=a)");
		assertThat(probe().thing()).isSameAs(a);
	}

	@Test
	void aCheckRefusingTheWholeConfigurationKeepsTheWholePreviousOne() throws Exception {
		registrations.add(context.registerService(ConfigurationCheck.class, new ConfigurationCheck() {
			@Override
			public List<ConfigurationProblem> check(ConfigurationCandidate c) {
				return "yes".equals(c.text("complete")) ? List.of()
						: List.of(ConfigurationProblem.whole("incomplete: 'complete' is not yes"));
			}

			@Override
			public String subject(ConfigurationCandidate c) {
				return "thing " + c.text("name");
			}
		}, new Hashtable<>(Map.of(ConfigurationCheck.PIDS, CHECKED))));
		registrations.add(context.registerService(ManagedService.class, props -> {
			if (props != null) {
				Map<String, Object> copy = new HashMap<>();
				for (String k : Collections.list(props.keys())) {
					copy.put(k, props.get(k));
				}
				delivered.add(copy);
			}
		}, new Hashtable<>(Map.of(Constants.SERVICE_PID, CHECKED))));
		Configuration c = cm.getConfiguration(CHECKED, "?");
		try (LogWatch log = new LogWatch()) {
			c.update(new Hashtable<>(Map.of("name", "first", "value", "1")));
			await("a refused first configuration delivered without its values", () -> delivered.size() == 1);
			assertThat(delivered.get(0)).containsOnlyKeys(Constants.SERVICE_PID);
			await("logged", () -> log.text().contains("thing first, configuration " + CHECKED
					+ ": configuration rejected: incomplete: 'complete' is not yes. None of it is applied"));
		}
		c.update(new Hashtable<>(Map.of("name", "second", "value", "2", "complete", "yes")));
		await("accepted", () -> delivered.size() == 2);
		assertThat(delivered.get(1)).containsEntry("value", "2").containsEntry("name", "second");
		try (LogWatch log = new LogWatch()) {
			c.update(new Hashtable<>(Map.of("name", "third", "value", "3")));
			await("refused", () -> delivered.size() == 3);
			assertThat(delivered.get(2)).containsEntry("value", "2").containsEntry("name", "second")
					.containsEntry("complete", "yes");
			await("logged", () -> log.text().contains("The previous configuration stays in force"));
		}
	}

	@Test
	void theFrameworkStorageWithConfigurationAdminsCopiesIsPrivate() throws Exception {
		Path storage = Path.of(context.getProperty(Constants.FRAMEWORK_STORAGE));
		assertThat(Files.isDirectory(storage)).isTrue();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage))).isEqualTo("rwx------");
	}

	Bundle bundle(String bsn) {
		for (Bundle bundle : context.getBundles()) {
			if (bsn.equals(bundle.getSymbolicName())) {
				return bundle;
			}
		}
		return fail("no bundle " + bsn);
	}

	static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail(what + ": not within " + WAIT);
			}
			Thread.sleep(20);
		}
	}
}
