package org.genlock.backend.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.itest.support.channel.ChannelFixture.await;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.log.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The backend's own configuration safety, with no configuration guard in front of it: a
 * format the device cannot play never takes a channel off air, a channel that failed on its
 * format comes back by itself when the format is corrected, and a channel configuration
 * without its provider targets binds nothing instead of whatever registered first.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ChannelConfigurationTest {

	static final String FILE = "file:/srv/genlock/configs/genlock.channel-cfg.cfg";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	ChannelFixture fixture;
	Configuration extra;

	@AfterEach
	void cleanUp() throws Exception {
		if (fixture != null) {
			fixture.close();
		}
		if (extra != null) {
			String pid = extra.getPid();
			extra.delete();
			await("channel of " + pid + " gone", () -> backend(pid) == null);
		}
	}

	@Test
	void aFormatTheDeviceCannotPlayIsRefusedAndTheChannelStaysOnAir() throws Exception {
		fixture = new ChannelFixture(context, cm, "cfg1").start("720p50", "bars");
		VideoBackend backend = fixture.backend();
		Dictionary<String, Object> props = fixture.configuration();
		props.put("format", "720p51");
		props.put("felix.fileinstall.filename", FILE);
		try (LogWatch log = new LogWatch()) {
			cm.getFactoryConfiguration("genlock.channel", "cfg1", "?").update(props);
			String text = log.awaitMore("key 'format' = '720p51' rejected", 0, Duration.ofSeconds(30));
			assertThat(text).contains("configs/genlock.channel-cfg.cfg (channel cfg1, configuration genlock.channel~cfg1)")
					.contains("device clock does not support 720p51");
		}
		Thread.sleep(500); // a restart would have begun by now
		assertThat(backend.state()).isIn(ChannelFixture.ON_AIR);
		assertThat(backend.status().format()).isEqualTo(VideoFormat.parse("720p50"));
		assertThat(backend.recentTransitions()).extracting(StateTransition::to)
				.doesNotContain(BackendState.STOPPING, BackendState.FAILED);
	}

	@Test
	void aChannelThatFailedOnItsFormatComesBackByItselfWhenTheFormatIsCorrected() throws Exception {
		devices();
		extra = cm.getFactoryConfiguration("genlock.channel", "cfg2", "?");
		Hashtable<String, Object> props = channel("cfg2", "720p51");
		extra.update(props);
		await("cfg2 failed on 720p51", () -> {
			VideoBackend b = backend(extra.getPid());
			return b != null && b.state() == BackendState.FAILED;
		});
		props.put("format", "720p50");
		extra.update(props);
		await("cfg2 on air on 720p50 without a start request",
				() -> ChannelFixture.ON_AIR.contains(backend(extra.getPid()).state()));
		assertThat(backend(extra.getPid()).status().format()).isEqualTo(VideoFormat.parse("720p50"));
	}

	@Test
	void aChannelWithoutProviderTargetsBindsNothingAndStaysOffAir() throws Exception {
		devices();
		extra = cm.getFactoryConfiguration("genlock.channel", "cfg3", "?");
		Hashtable<String, Object> props = channel("cfg3", "720p50");
		for (String key : List.of("device.target", "renderer.target", "policy.target", "strategy.target")) {
			props.remove(key);
		}
		try (LogWatch log = new LogWatch()) {
			extra.update(props);
			String text = log.awaitMore("does not start until a valid configuration arrives", 0, Duration.ofSeconds(30));
			assertThat(text).contains("channel cfg3").contains("'device.target'");
		}
		VideoBackend b = backend(extra.getPid());
		Thread.sleep(500);
		assertThat(b.state()).isEqualTo(BackendState.UNINITIALIZED);
		assertThat(b.status().deviceId()).as("device bound without a device.target").isNull();
		assertThat(b.status().rendererId()).as("renderer bound without a renderer.target").isNull();
		assertThat(b.status().policyId()).isNull();
		assertThat(b.status().strategyId()).isNull();
	}

	/** The clock device and a short-preroll standard policy, as ChannelFixture configures them. */
	private void devices() throws Exception {
		cm.getConfiguration("genlock.device.clock", "?").update(new Hashtable<>(Map.of("id", "clock", "mode", "paced",
				"sink", "discard", "snapshot.path", "")));
		cm.getConfiguration("genlock.policy.standard", "?").update(new Hashtable<>(Map.of("prerollFrames", 6,
				"targetReadyFrames", 4, "maxReadyFrames", 6, "maxHeadroomFrames", 6)));
		await("clock device registered",
				() -> context.getServiceReference(org.genlock.api.device.VideoOutputDevice.class) != null);
	}

	private static Hashtable<String, Object> channel(String id, String format) {
		Hashtable<String, Object> ch = new Hashtable<>(Map.of("channel.id", id, "format", format, "program", "bars",
				"device.target", "(genlock.device.id=clock)", "renderer.target", "(genlock.renderer.id=software)",
				"policy.target", "(genlock.policy.id=standard)", "strategy.target", "(genlock.strategy.id=repeat)"));
		ch.put("felix.fileinstall.filename", FILE);
		return ch;
	}

	private VideoBackend backend(String pid) {
		try {
			for (ServiceReference<VideoBackend> ref : context.getServiceReferences(VideoBackend.class,
					"(service.pid=" + pid + ")")) {
				return context.getService(ref);
			}
		} catch (Exception e) {
			throw new AssertionError(e);
		}
		return null;
	}
}
