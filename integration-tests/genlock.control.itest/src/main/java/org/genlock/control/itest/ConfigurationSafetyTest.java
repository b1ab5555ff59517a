package org.genlock.control.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.genlock.itest.support.channel.ChannelFixture.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.control.ChannelControl;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ControlException.Reason;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.log.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A real 720p50 channel behind the configuration guard (genlock.config) with the control
 * bundle's channel checks: configurations that would take the channel off air or differ
 * from what the API accepts are refused before the channel sees them, the previous binding
 * stays on air, and every error line names the file and the channel.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ConfigurationSafetyTest {

	static final String CH = "ctl2";
	static final String PID = "genlock.channel~" + CH;
	static final Duration LOG_WAIT = Duration.ofSeconds(30);

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	@InjectService(timeout = 20_000)
	ChannelControl control;

	@TempDir
	Path dir;

	ChannelFixture fixture;
	Path file;
	final List<Configuration> extra = new ArrayList<>();

	@BeforeEach
	void onAir() throws Exception {
		fixture = new ChannelFixture(context, cm, CH).start("720p50", "bars | timecode");
		await("control sees " + CH, () -> control.channelIds().contains(CH));
		// as FileInstall would have created it: the configuration names its file, which holds the same values
		file = Files.createDirectories(dir.resolve("configs")).resolve("genlock.channel-" + CH + ".cfg");
		Dictionary<String, Object> props = fixture.configuration();
		StringBuilder text = new StringBuilder("# Channel " + CH + ": written by the test\n");
		for (String key : new TreeMap<>(map(props)).keySet()) {
			if (!key.startsWith("service.")) {
				text.append(key).append('=').append(props.get(key)).append('\n');
			}
		}
		Files.writeString(file, text.toString());
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		props.put("felix.fileinstall.filename", file.toUri().toString());
		configuration().update(props);
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (Configuration c : extra) {
			c.delete();
		}
		fixture.close();
	}

	Configuration configuration() throws Exception {
		return cm.getFactoryConfiguration("genlock.channel", CH, "?");
	}

	/** Updates the channel configuration with some keys changed, as an edit of its file would. */
	void edit(Object... keyValues) throws Exception {
		Dictionary<String, Object> props = configuration().getProperties();
		for (int i = 0; i < keyValues.length; i += 2) {
			props.put((String) keyValues[i], keyValues[i + 1]);
		}
		configuration().update(props);
	}

	/** The file as error lines name it (absolute: the test's directory is not under the working directory). */
	String fileName() {
		return file.toString();
	}

	/** On air all along: no transition out of RUNNING/DEGRADED since the channel went on air. */
	void assertStillOnAir(VideoBackend backend) throws InterruptedException {
		Thread.sleep(500); // what a rejected value would set off (unbind, restart) has begun by now
		assertThat(backend.state()).isIn(ChannelFixture.ON_AIR);
		assertThat(backend.recentTransitions()).extracting(StateTransition::to)
				.doesNotContain(BackendState.STOPPING, BackendState.FAILED);
	}

	@Test
	void aGarbageDeviceTargetAndABrokenPolicyTargetKeepThePreviousBindingOnAir() throws Exception {
		VideoBackend backend = fixture.backend();
		try (LogWatch log = new LogWatch()) {
			edit("device.target", "garbage", "policy.target", "(genlock.policy.id=lowlatency");
			log.awaitMore("key 'policy.target'", 0, LOG_WAIT);
			String text = log.awaitMore("key 'device.target' = 'garbage' rejected", 0, LOG_WAIT);
			assertThat(text).contains(fileName() + " (channel " + CH + ", configuration " + PID + "): key 'device.target'")
					.contains("not a valid LDAP filter").contains("previous value '(genlock.device.id=clock)' stays in force");
		}
		assertStillOnAir(backend);
		assertThat(backend.status().deviceId()).isEqualTo("clock");
		assertThat(backend.status().policyId()).isEqualTo("standard");
	}

	@Test
	void anEmptyChannelConfigurationKeepsEverything() throws Exception {
		VideoBackend backend = fixture.backend();
		try (LogWatch log = new LogWatch()) {
			Hashtable<String, Object> empty = new Hashtable<>();
			empty.put("felix.fileinstall.filename", file.toUri().toString());
			configuration().update(empty);
			String text = log.awaitMore("configuration rejected: incomplete", 0, LOG_WAIT);
			assertThat(text).contains(fileName() + " (channel " + CH + ", configuration " + PID
					+ "): configuration rejected: incomplete: no channel.id, no device.target")
					.contains("The previous configuration stays in force");
		}
		assertStillOnAir(backend);
		assertThat(control.channel(CH).program()).isEqualTo("bars | timecode");
		assertThat(backend.status().rendererId()).isEqualTo("software");
		assertThat(backend.status().policyId()).isEqualTo("standard");
		assertThat(backend.status().strategyId()).isEqualTo("repeat");
	}

	@Test
	void aFormatTheDeviceCannotPlayIsRefusedBeforeTheChannelSeesIt() throws Exception {
		VideoBackend backend = fixture.backend();
		try (LogWatch log = new LogWatch()) {
			edit("format", "720p51");
			String text = log.awaitMore("key 'format' = '720p51' rejected", 0, LOG_WAIT);
			assertThat(text).contains(fileName() + " (channel " + CH + ", configuration " + PID + ")")
					.contains("device clock does not support 720p51").contains("previous value '720p50' stays in force");
		}
		assertStillOnAir(backend);
		assertThat(backend.status().format()).isEqualTo(VideoFormat.parse("720p50"));
	}

	@Test
	void aProgramTheApiRefusesIsRefusedFromAFileAndTheViewShowsWhatAirs() throws Exception {
		try (LogWatch log = new LogWatch()) {
			edit("program", "bars | zoneplate");
			String text = log.awaitMore("key 'program' = 'bars | zoneplate' rejected", 0, LOG_WAIT);
			assertThat(text).contains(fileName() + " (channel " + CH).contains("registered shaders: bars, timecode");
			edit("program", "timecode(size=99)");
			log.awaitMore("key 'program' = 'timecode(size=99)' rejected", 0, LOG_WAIT);
			edit("program", String.join(" | ", Collections.nCopies(17, "bars")));
			text = log.awaitMore("17 layers; the channel allows at most 16", 0, LOG_WAIT);
		}
		assertThat(control.channel(CH).program()).as("the program on air").isEqualTo("bars | timecode");
		assertThatThrownBy(() -> control.program(CH, String.join(" | ", Collections.nCopies(17, "bars"))))
				.isInstanceOfSatisfying(ControlException.class, e -> {
					assertThat(e.reason()).isEqualTo(Reason.INVALID);
					assertThat(e.getMessage()).contains("at most 16");
				});
		control.program(CH, String.join(" | ", Collections.nCopies(16, "bars")));
	}

	@Test
	void aSecondChannelWithTheSameIdIsRefusedNamingBothFilesAndTheFirstIsUntouched() throws Exception {
		VideoBackend first = fixture.backend();
		long airedBefore = first.status().counters().framesAired();
		Path dupFile = file.resolveSibling("genlock.channel-dup.cfg");
		Configuration dup = cm.getFactoryConfiguration("genlock.channel", "dup", "?");
		extra.add(dup);
		Hashtable<String, Object> props = new Hashtable<>(map(fixture.configuration()));
		props.remove("service.pid");
		props.remove("service.factoryPid");
		props.put("felix.fileinstall.filename", dupFile.toUri().toString());
		try (LogWatch log = new LogWatch()) {
			dup.update(props);
			String text = log.awaitMore("is already used by", 0, LOG_WAIT);
			assertThat(text).contains(dupFile + " (channel " + CH
					+ ", configuration genlock.channel~dup): configuration rejected: channel id '" + CH
					+ "' is already used by " + fileName() + " (configuration " + PID + ")");
		}
		assertStillOnAir(first);
		await("the refused configuration's channel (if any) is not on air", () -> backends(CH).size() == 1);
		assertThat(backends(CH)).containsExactly(first);
		assertThat(control.channelIds()).filteredOn(CH::equals).hasSize(1);
		assertThat(first.status().counters().framesAired()).isGreaterThan(airedBefore);
	}

	@Test
	void concurrentChangesOfDifferentKeysAreAllKeptAndFileConfigurationAndBindingAgree() throws Exception {
		String[] policies = { "standard", "lowlatency" };
		String[] strategies = { "repeat", "black" };
		record Call(String key, String value, long start, long end) {
		}
		List<Call> calls = Collections.synchronizedList(new ArrayList<>());
		List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			boolean policy = t % 2 == 0;
			int seed = t;
			threads.add(new Thread(() -> {
				for (int i = 0; i < 25; i++) {
					String value = policy ? policies[(i + seed) % 2] : strategies[(i + seed) % 2];
					long start = System.nanoTime();
					try {
						control.select(CH, policy ? org.genlock.api.control.ProviderKind.POLICY
								: org.genlock.api.control.ProviderKind.STRATEGY, value);
						calls.add(new Call(policy ? "policy" : "strategy", value, start, System.nanoTime()));
					} catch (Throwable e) {
						failures.add(e);
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread t : threads) {
			t.join(120_000);
		}
		assertThat(failures).isEmpty();
		assertThat(calls).hasSize(200);
		VideoBackend backend = fixture.backend();
		for (String kind : List.of("policy", "strategy")) {
			String configured = String.valueOf(configuration().getProperties().get(kind + ".target"));
			// the last acknowledged change wins; of calls that overlapped the last one, any may be last
			List<String> candidates = calls.stream().filter(c -> c.key().equals(kind))
					.filter(c -> calls.stream().noneMatch(o -> o.key().equals(kind) && o.start() > c.end()))
					.map(c -> "(genlock." + kind + ".id=" + c.value() + ")").distinct().toList();
			assertThat(configured).as(kind + " in Configuration Admin").isIn(candidates);
			Properties onDisk = new Properties();
			try (var r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
				onDisk.load(r);
			}
			assertThat(onDisk.getProperty(kind + ".target")).as(kind + " in the file").isEqualTo(configured);
			String id = configured.substring(configured.indexOf('=') + 1, configured.length() - 1);
			await(kind + " " + id + " bound", () -> id.equals(kind.equals("policy") ? backend.status().policyId()
					: backend.status().strategyId()));
		}
		assertThat(Files.readString(file)).startsWith("# Channel " + CH + ": written by the test\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("file mode kept")
				.isEqualTo("rw-r--r--");
		assertStillOnAir(backend);
	}

	@Test
	void aChangeMadeInConfigurationAdminDirectlyIsWrittenToTheFile() throws Exception {
		edit("program", "timecode | bars");
		await("the file follows Configuration Admin", () -> {
			try {
				return Files.readString(file).contains("\nprogram=timecode | bars\n");
			} catch (java.io.IOException e) {
				return false;
			}
		});
		assertThat(Files.readString(file)).startsWith("# Channel " + CH + ": written by the test\n")
				.contains("channel.id=" + CH + "\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
	}

	List<VideoBackend> backends(String channelId) {
		List<VideoBackend> out = new ArrayList<>();
		try {
			for (ServiceReference<VideoBackend> ref : context.getServiceReferences(VideoBackend.class, null)) {
				VideoBackend b = context.getService(ref);
				if (b != null && channelId.equals(b.channelId())) {
					out.add(b);
				}
			}
		} catch (Exception e) {
			throw new AssertionError(e);
		}
		return out;
	}

	static Map<String, Object> map(Dictionary<String, Object> d) {
		Map<String, Object> m = new java.util.HashMap<>();
		for (String k : Collections.list(d.keys())) {
			m.put(k, d.get(k));
		}
		return m;
	}
}
