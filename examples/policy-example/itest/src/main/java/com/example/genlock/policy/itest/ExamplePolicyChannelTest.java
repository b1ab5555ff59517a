package com.example.genlock.policy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.StateTransition;
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

/**
 * A real channel (backend, clock device, software renderer, bars) on the example policy: it
 * goes on air with the policy's depths, and a change of the policy's configuration reaches
 * the running channel without taking it off air.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ExamplePolicyChannelTest {

	static final String PID = "com.example.genlock.policy";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin configAdmin;

	ChannelFixture fixture;

	@AfterEach
	void cleanUp() throws Exception {
		configAdmin.getConfiguration(PID, "?").delete();
		if (fixture != null) {
			fixture.close();
		}
	}

	@Test
	void aChannelOnTheExamplePolicyAirsWithItsDepthsAndTakesAChangeLive() throws Exception {
		configAdmin.getConfiguration(PID, "?").delete();
		fixture = new ChannelFixture(context, configAdmin, "ex1").start("720p50", "bars", "example");
		VideoBackend backend = fixture.backend();
		int target = Variant.targetReadyFrames(context);
		ChannelFixture.await("ex1 bound to the example policy with its default depths", () -> {
			ChannelStatus s = backend.status();
			return "example".equals(s.policyId()) && s.readyTarget() == target && s.readyCapacity() == 4;
		});
		long before = backend.status().displayIndex();

		Dictionary<String, Object> deeper = new Hashtable<>();
		deeper.put("targetReadyFrames", 5);
		deeper.put("maxReadyFrames", 6);
		configAdmin.getConfiguration(PID, "?").update(deeper);
		ChannelFixture.await("ex1 aiming for 5 ready frames of 6", () -> {
			ChannelStatus s = backend.status();
			return s.readyTarget() == 5 && s.readyCapacity() == 6;
		});

		ChannelStatus after = backend.status();
		assertThat(ChannelFixture.ON_AIR).as("on air throughout").contains(after.state());
		assertThat(after.policyId()).isEqualTo("example");
		assertThat(after.displayIndex()).as("still counting frames").isGreaterThan(before);
		assertThat(offAirSinceFirstOnAir(backend)).as("transitions off air").isEmpty();
	}

	/** The transitions that took the channel off air after it first went on air. */
	static List<StateTransition> offAirSinceFirstOnAir(VideoBackend backend) {
		List<StateTransition> all = backend.recentTransitions();
		int first = 0;
		while (first < all.size() && !ChannelFixture.ON_AIR.contains(all.get(first).to())) {
			first++;
		}
		return all.subList(first, all.size()).stream().filter(t -> !ChannelFixture.ON_AIR.contains(t.to())).toList();
	}
}
