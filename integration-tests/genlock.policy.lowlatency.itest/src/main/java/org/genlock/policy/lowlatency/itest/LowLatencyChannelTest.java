package org.genlock.policy.lowlatency.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.genlock.api.backend.BackendState;
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
 * A real channel on the low-latency policy's defaults (preroll 2, one frame rendered ahead):
 * the clock device stalls, so late or dropped frames and a low lead make the channel
 * DEGRADED, as a cold start after a process restart does; once the device runs clean again the
 * channel must come back to RUNNING by itself. It used to stay DEGRADED for good: right after
 * a completion the worker has taken the one ready frame, so the queue is empty at every
 * completion and the policy never called the channel healthy.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class LowLatencyChannelTest {

	static final String CHANNEL = "ll1";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin configAdmin;

	ChannelFixture fixture;

	@AfterEach
	void cleanUp() throws Exception {
		stallDevice(0, 0);
		if (fixture != null) {
			fixture.close();
		}
	}

	@Test
	void aChannelDegradedByAColdStartOrAStallingDeviceReturnsToRunningByItself() throws Exception {
		fixture = new ChannelFixture(context, configAdmin, CHANNEL).start("720p50", "bars | timecode", "lowlatency");
		VideoBackend backend = fixture.backend();
		try {
			// a cold start (JIT, caches) usually runs the 40 ms lead low at once, as after a restart
			awaitRunning(backend, "after its start");

			// 60 ms stalls (3 frames, more than the 2-frame preroll) after every 25th frame
			stallDevice(60, 25);
			ChannelFixture.await("ll1 DEGRADED by the stalls", () -> backend.state() == BackendState.DEGRADED);
			stallDevice(0, 0);
			awaitRunning(backend, "after the stalls ended");
		} finally {
			List<StateTransition> transitions = backend.recentTransitions();
			System.out.println("ll1 transitions: " + transitions.subList(Math.max(0, transitions.size() - 8),
					transitions.size()));
		}
		assertThat(backend.recentTransitions()).last().satisfies(t -> {
			assertThat(t.from()).isEqualTo(BackendState.DEGRADED);
			assertThat(t.to()).isEqualTo(BackendState.RUNNING);
			assertThat(t.reason()).startsWith("recovered");
		});
	}

	/** 10 clean frames (200 ms) are enough for the backend; the fixture's bound absorbs a loaded machine. */
	static void awaitRunning(VideoBackend backend, String when) throws InterruptedException {
		long since = System.nanoTime();
		ChannelFixture.await("ll1 RUNNING " + when, () -> backend.state() == BackendState.RUNNING);
		System.out.printf("ll1 RUNNING %s within %d ms; counters %s%n", when, (System.nanoTime() - since) / 1_000_000,
				backend.status().counters());
	}

	/** The fixture's clock device, stalling {@code millis} after every {@code every}th frame (0: never). */
	void stallDevice(int millis, int every) throws Exception {
		ChannelFixture.configureClock(configAdmin, Map.of("fault.stall.ms", millis, "fault.stall.every", every));
	}
}
