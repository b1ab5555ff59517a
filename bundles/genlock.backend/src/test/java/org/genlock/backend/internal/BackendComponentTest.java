package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.genlock.api.backend.BackendState;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DS component without a framework: configuration validation, activation, references. */
class BackendComponentTest {

	static final VideoFormat FORMAT = VideoFormat.parse("64x36p50");

	/** A configuration value as DS would hand it in. */
	record Config(String channel_id, String format, boolean keying, String program, boolean autostart,
			int max_layers, String device_target, String renderer_target, String policy_target,
			String strategy_target) implements ChannelConfig {

		static Config of(String id, String format, String program, boolean autostart) {
			return new Config(id, format, false, program, autostart, 16, "(genlock.device.id=clock)",
					"(genlock.renderer.id=software)", "(genlock.policy.id=standard)", "(genlock.strategy.id=repeat)");
		}

		Config withDeviceTarget(String filter) {
			return new Config(channel_id, format, keying, program, autostart, max_layers, filter, renderer_target,
					policy_target, strategy_target);
		}

		Config withMaxLayers(int max) {
			return new Config(channel_id, format, keying, program, autostart, max, device_target, renderer_target,
					policy_target, strategy_target);
		}

		@Override
		public String keyer() {
			return "off";
		}

		@Override
		public int audio_channels() {
			return 2;
		}

		@Override
		public int keyer_level() {
			return 255;
		}

		@Override
		public String taps_target() {
			return BackendComponent.UNSELECTED;
		}

		@Override
		public int render_budget_ms() {
			return 500;
		}

		@Override
		public int renderer_timeout_ms() {
			return 500;
		}

		@Override
		public String[] renderer_fallback() {
			return new String[0];
		}

		@Override
		public String[] policy_fallback() {
			return new String[0];
		}

		@Override
		public Class<? extends Annotation> annotationType() {
			return ChannelConfig.class;
		}
	}

	static final Map<String, Object> FILE = Map.of("service.pid", "genlock.channel~ch1",
			"felix.fileinstall.filename", "file:/srv/genlock/configs/genlock.channel-ch1.cfg");

	final BackendComponent component = new BackendComponent();

	@AfterEach
	void deactivate() {
		component.deactivate();
	}

	@Test
	void validConfigurationActivatesAndAutostarts() {
		FakeDevice device = new FakeDevice("clock", FORMAT);
		component.bindDevice(device);
		component.activate(Config.of("ch1", "64x36p50", "bars | timecode(size=1.5)@0.5", true), Map.of());
		assertEquals("ch1", component.channelId());
		ChannelTest.await("on air", () -> component.state().isOnAir());
		assertEquals("clock", component.status().deviceId());
		assertEquals(2, component.channel().program().program().layers().size());
	}

	@Test
	void rejectedFirstConfigurationRunsOnDefaultsWithoutStarting() {
		component.activate(Config.of("Bad Id!", "1080p50", "", true), Map.of("service.pid", "genlock.channel~studio"));
		assertEquals("studio", component.channelId(), "an id derived from the configuration name");
		assertEquals(BackendState.UNINITIALIZED, component.state());
		assertTrue(component.channel().sync(2000));
		assertEquals(BackendState.UNINITIALIZED, component.state(), "a rejected channel does not grab a device");
	}

	@Test
	void badModifiedConfigurationKeepsThePrevious() {
		component.activate(Config.of("ch1", "64x36p50", "bars", false), Map.of());
		component.modified(Config.of("ch1", "1080x", "bars", false), FILE);
		component.modified(Config.of("ch1", "64x36p50", "bars(", false), FILE);
		component.modified(Config.of("ch1", "64x36p50", "bars", false).withDeviceTarget("(broken"), FILE);
		assertEquals(1, component.channel().program().generation(), "nothing changed");
		assertEquals(FORMAT, component.channel().setup().format());
		component.modified(Config.of("ch2", "64x36p50", "bars", false), FILE);
		assertEquals("ch1", component.channelId(), "the channel id cannot change");
		component.modified(Config.of("ch1", "64x36p50", "bars | tc", false), FILE);
		assertEquals(2, component.channel().program().generation(), "a program change is a new generation");
	}

	@Test
	void formatChangeRestartsARunningChannel() {
		FakeDevice device = new FakeDevice("clock", java.util.List.of(FORMAT, VideoFormat.parse("64x36p25")));
		component.bindDevice(device);
		component.activate(Config.of("ch1", "64x36p50", "", true), Map.of());
		ChannelTest.await("on air", () -> component.state().isOnAir());
		component.modified(Config.of("ch1", "64x36p25", "", true), FILE);
		ChannelTest.await("restarted in 25p", () -> component.state().isOnAir() && device.opens.get() == 2);
		assertEquals(VideoFormat.parse("64x36p25"), component.status().format());
		assertTrue(component.recentTransitions().stream().anyMatch(t -> t.reason().contains("configuration changed")));
	}

	@Test
	void aFormatTheDeviceCannotPlayIsRefusedAndTheChannelStaysOnAir() {
		FakeDevice device = new FakeDevice("clock", FORMAT);
		component.bindDevice(device);
		component.activate(Config.of("ch1", "64x36p50", "bars", true), FILE);
		ChannelTest.await("on air", () -> component.state().isOnAir());
		component.modified(Config.of("ch1", "64x36p51", "bars | tc", true), FILE);
		assertEquals(FORMAT, component.channel().setup().format(), "the previous format stays");
		assertEquals(2, component.channel().program().generation(), "the rest of the configuration applies");
		assertTrue(component.channel().sync(2000));
		assertTrue(component.state().isOnAir());
		assertEquals(1, device.opens.get(), "never restarted");
	}

	@Test
	void aChannelThatFailedOnItsFormatComesBackWhenTheFormatIsCorrected() {
		FakeDevice device = new FakeDevice("clock", FORMAT);
		component.bindDevice(device);
		component.activate(Config.of("ch1", "64x36p51", "", true), FILE);
		ChannelTest.await("failed", () -> component.state() == BackendState.FAILED);
		component.modified(Config.of("ch1", "64x36p50", "", true), FILE);
		ChannelTest.await("on air by itself", () -> component.state().isOnAir());
	}

	@Test
	void aProgramWithMoreLayersThanAllowedIsRefused() {
		component.activate(Config.of("ch1", "64x36p50", "bars", false), FILE);
		component.modified(Config.of("ch1", "64x36p50", "bars | bars | bars", false).withMaxLayers(2), FILE);
		assertEquals(1, component.channel().program().generation(), "the previous program stays");
		String msg = org.junit.jupiter.api.Assertions.assertThrows(org.genlock.support.ConfigRejected.class,
				() -> ChannelSettings.from(Config.of("ch1", "64x36p50", "", true).withMaxLayers(0))).getMessage();
		assertTrue(msg.contains("'max.layers'") && msg.contains("1 to 256"), msg);
	}

	@Test
	void settingsValidationNamesKeyAndAllowedValues() {
		String msg = org.junit.jupiter.api.Assertions.assertThrows(org.genlock.support.ConfigRejected.class,
				() -> ChannelSettings.from(Config.of("ch1", "1080p51x", "", true))).getMessage();
		assertTrue(msg.startsWith("genlock.channel: key 'format'") && msg.contains("1080p50"), msg);
		msg = org.junit.jupiter.api.Assertions.assertThrows(org.genlock.support.ConfigRejected.class,
				() -> ChannelSettings.from(Config.of("ch1", "1080p50", "", true).withDeviceTarget("(x="))).getMessage();
		assertTrue(msg.contains("'device.target'") && msg.contains("LDAP"), msg);
		msg = org.junit.jupiter.api.Assertions.assertThrows(org.genlock.support.ConfigRejected.class,
				() -> ChannelSettings.from(Config.of("x".repeat(33), "1080p50", "", true))).getMessage();
		assertTrue(msg.contains("'channel.id'") && msg.contains("1 to 32"), msg);
		ChannelSettings ok = ChannelSettings.from(Config.of(" ch-2 ", "1080i5994", "bars", true));
		assertEquals("ch-2", ok.channelId());
		assertEquals(4, ok.targets().size());
	}
}
