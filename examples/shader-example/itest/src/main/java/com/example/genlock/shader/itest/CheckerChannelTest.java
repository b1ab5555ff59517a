package com.example.genlock.shader.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.VideoBackend;
import org.genlock.itest.support.channel.ChannelFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** A real channel airs a program with the example shader over the bars, frame after frame. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class CheckerChannelTest {

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin configAdmin;

	ChannelFixture fixture;

	@AfterEach
	void cleanUp() throws Exception {
		if (fixture != null) {
			fixture.close();
		}
	}

	@Test
	void aChannelAirsFreshFramesOfAProgramWithTheShader() throws Exception {
		fixture = new ChannelFixture(context, configAdmin, "ck1")
				.start("720p50", "bars | example.checker(size=20, speed=50)@0.5");
		VideoBackend backend = fixture.backend();
		ChannelFixture.await("ck1 airing 50 fresh frames", () -> backend.status().counters().fresh() >= 50);
		ChannelStatus s = backend.status();
		assertThat(ChannelFixture.ON_AIR).contains(s.state());
		assertThat(s.engine().renderFailures()).as("render failures").isZero();
		assertThat(s.engine().pluginErrors()).as("plugin errors").isZero();
	}
}
