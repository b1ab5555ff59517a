package org.genlock.config.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.genlock.api.config.ConfigurationCheck;
import org.genlock.api.config.ConfigurationProblem;
import org.genlock.api.config.ConfigurationRejectedException;
import org.genlock.api.config.ConfigurationWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The one configuration writer with a configuration that comes from a file, as FileInstall
 * creates it: the file is written first (only the changed lines, comments and mode kept),
 * then Configuration Admin holds exactly what the file says; a refused change writes
 * nothing; concurrent changes of different keys all survive; a change made in Configuration
 * Admin directly is written to the file.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ConfigurationWriterTest {

	static final String PID = "genlock.itest.written";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	@InjectService(timeout = 20_000)
	ConfigurationWriter writer;

	@TempDir
	Path dir;

	Path file;
	final List<ServiceRegistration<?>> registrations = new ArrayList<>();

	@BeforeEach
	void fromAFile() throws Exception {
		file = dir.resolve(PID + ".cfg");
		Files.writeString(file, "# Settings of the test\nport=8080\n# the mode, a or b\nmode=a\nname=x\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
		cm.getConfiguration(PID, "?").update(new Hashtable<>(Map.of("port", "8080", "mode", "a", "name", "x",
				"felix.fileinstall.filename", file.toUri().toString())));
	}

	@AfterEach
	void tearDown() throws Exception {
		registrations.forEach(ServiceRegistration::unregister);
		cm.getConfiguration(PID, "?").delete();
	}

	Map<String, Object> inConfigurationAdmin() throws Exception {
		Dictionary<String, Object> d = cm.getConfiguration(PID, "?").getProperties();
		Map<String, Object> m = new HashMap<>();
		for (String k : Collections.list(d.keys())) {
			if (!k.equals("service.pid") && !k.equals("felix.fileinstall.filename")) {
				m.put(k, d.get(k));
			}
		}
		return m;
	}

	Map<String, Object> inTheFile() throws IOException {
		Properties p = new Properties();
		p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
		Map<String, Object> m = new HashMap<>();
		p.forEach((k, v) -> m.put((String) k, v));
		return m;
	}

	@Test
	void theFileIsWrittenFirstOnlyItsChangedLinesThenConfigurationAdminHoldsWhatItSays() throws Exception {
		writer.update(PID, Map.of("mode", "b", "extra", "new value"));
		assertThat(Files.readString(file)).isEqualTo(
				"# Settings of the test\nport=8080\n# the mode, a or b\nmode=b\nname=x\nextra=new value\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
		assertThat(inConfigurationAdmin()).isEqualTo(inTheFile()).containsEntry("mode", "b");
		Map<String, String> remove = new HashMap<>();
		remove.put("extra", null);
		writer.update(PID, remove);
		assertThat(inTheFile()).doesNotContainKey("extra");
		assertThat(inConfigurationAdmin()).isEqualTo(inTheFile());
	}

	@Test
	void aChangeACheckRefusesWritesNothingAndSaysWhy() throws Exception {
		registrations.add(context.registerService(ConfigurationCheck.class,
				c -> "zero".equals(c.text("port")) ? List.of(ConfigurationProblem.of("port", "zero", "allowed: 1 to 65535"))
						: List.<ConfigurationProblem>of(),
				new Hashtable<>(Map.of(ConfigurationCheck.PIDS, PID))));
		String before = Files.readString(file);
		assertThatThrownBy(() -> writer.update(PID, Map.of("port", "zero", "mode", "b")))
				.isInstanceOfSatisfying(ConfigurationRejectedException.class, e -> {
					assertThat(e.getMessage()).contains("(configuration " + PID + "): key 'port' = 'zero' rejected: "
							+ "allowed: 1 to 65535").contains("nothing was changed");
					assertThat(e.problems()).extracting(ConfigurationProblem::key).containsExactly("port");
				});
		assertThat(Files.readString(file)).isEqualTo(before);
		assertThat(inConfigurationAdmin()).containsEntry("port", "8080").containsEntry("mode", "a");
	}

	@Test
	void concurrentChangesOfDifferentKeysAllSurvive() throws Exception {
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
		for (int t = 0; t < 8; t++) {
			String key = "key" + t;
			threads.add(new Thread(() -> {
				for (int i = 0; i < 20; i++) {
					try {
						writer.update(PID, Map.of(key, String.valueOf(i)));
					} catch (Exception e) {
						failures.add(e);
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread t : threads) {
			t.join(60_000);
		}
		assertThat(failures).isEmpty();
		Map<String, Object> file = inTheFile();
		for (int t = 0; t < 8; t++) {
			assertThat(file).containsEntry("key" + t, "19");
		}
		assertThat(inConfigurationAdmin()).isEqualTo(file);
		assertThat(Files.readString(this.file)).startsWith("# Settings of the test\nport=8080\n");
	}

	@Test
	void aChangeMadeInConfigurationAdminDirectlyIsWrittenToTheFile() throws Exception {
		Configuration c = cm.getConfiguration(PID, "?");
		Dictionary<String, Object> props = c.getProperties();
		props.put("port", 9090); // typed, as the Web Console's Configuration page stores it
		props.remove("name");
		c.update(props);
		GuardTest.await("the file follows", () -> {
			try {
				return "9090".equals(inTheFile().get("port")) && !inTheFile().containsKey("name");
			} catch (IOException e) {
				return false;
			}
		});
		assertThat(Files.readString(file)).startsWith("# Settings of the test\nport=9090\n# the mode, a or b\nmode=a\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
	}

	/**
	 * Found by the benchmark's swap series: a change made in Configuration Admin that put a key
	 * back to its value before the last write, within seconds, was taken for FileInstall
	 * applying a stale file and reverted, so every second swap silently did nothing.
	 */
	@Test
	void changesMadeInConfigurationAdminBackAndForthWithinSecondsAllStay() throws Exception {
		for (String mode : List.of("b", "a", "b", "a", "b")) {
			Configuration c = cm.getConfiguration(PID, "?");
			Dictionary<String, Object> props = c.getProperties();
			props.put("mode", mode);
			c.update(props);
			GuardTest.await("mode " + mode + " in the file", () -> {
				try {
					return mode.equals(inTheFile().get("mode"));
				} catch (IOException e) {
					return false;
				}
			});
			Thread.sleep(300); // a revert would come within the persister's next turn
			assertThat(inConfigurationAdmin()).as("after setting mode %s", mode).containsEntry("mode", mode);
			assertThat(inTheFile()).as("after setting mode %s", mode).containsEntry("mode", mode);
		}
	}

	@Test
	void aChangeToAConfigurationThatDoesNotExistIsRefused() {
		assertThatThrownBy(() -> writer.update("genlock.itest.none", Map.of("a", "b")))
				.isInstanceOf(ConfigurationRejectedException.class).hasMessageContaining("no configuration");
	}
}
