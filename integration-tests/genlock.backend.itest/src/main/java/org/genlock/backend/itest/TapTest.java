package org.genlock.backend.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.genlock.api.backend.FrameCounters;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.tap.FrameTap;
import org.genlock.api.tap.TapSession;
import org.genlock.api.tap.TapStatus;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.channel.HashLogClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Taps in a real framework: a channel on the paced clock device (hash log on) feeds tap
 * services this test registers, selected by the channel's {@code taps.target}.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class TapTest {

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	ChannelFixture fixture;
	final List<ServiceRegistration<FrameTap>> registrations = new java.util.ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		registrations.forEach(ServiceRegistration::unregister);
		if (fixture != null) {
			fixture.close();
		}
	}

	/** Records the display index and SHA-256 of every frame it gets; sleeps {@code sleepMillis} a frame. */
	static final class RecordingTap implements FrameTap {
		final long sleepMillis;
		final ConcurrentLinkedQueue<Long> indices = new ConcurrentLinkedQueue<>();
		final Map<Long, String> hashes = new ConcurrentHashMap<>();
		volatile int opened;
		volatile int closed;

		RecordingTap(long sleepMillis) {
			this.sleepMillis = sleepMillis;
		}

		@Override
		public TapSession open(String channelId, VideoFormat format) {
			opened++;
			return new TapSession() {
				@Override
				public void frame(FrameBuffer frame, long displayIndex) {
					indices.add(displayIndex);
					if (sleepMillis > 0) {
						try {
							Thread.sleep(sleepMillis);
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
					} else {
						hashes.put(displayIndex, sha256(frame));
					}
				}

				@Override
				public String state() {
					return "recording";
				}

				@Override
				public void close() {
					closed++;
				}
			};
		}
	}

	static String sha256(FrameBuffer f) {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			ByteBuffer px = f.pixels().duplicate();
			px.position(0).limit(f.rowBytes() * f.format().height());
			md.update(px);
			return HexFormat.of().formatHex(md.digest());
		} catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	private RecordingTap register(String id, long sleepMillis) {
		RecordingTap tap = new RecordingTap(sleepMillis);
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(FrameTap.ID, id);
		registrations.add(context.registerService(FrameTap.class, tap, props));
		return tap;
	}

	private static Map<Long, String> hashLog(Path log) throws Exception {
		Map<Long, String> m = new HashMap<>();
		for (String line : Files.readAllLines(log)) {
			String[] f = line.trim().split("\\s+");
			if (f.length >= 2 && f[1].length() == 64) { // then audio=<sha256|->
				m.put(Long.parseLong(f[0]), f[1]);
			}
		}
		return m;
	}

	@Test
	void aTapGetsEveryAiredFramePixelExactInOrderAndIsAddedAndRemovedLive() throws Exception {
		RecordingTap tap = register("rec", 0);
		fixture = new ChannelFixture(context, cm, "taps");
		// 720p: the hash log and the tap's hashing keep up on a loaded machine
		fixture.start("720p50", "bars | timecode", Map.of("taps.target", "(genlock.tap.id=rec)"));
		Path log = HashLogClock.configure(cm, "tap"); // after start: the fixture configures the clock to discard
		VideoBackend backend = fixture.backend();
		ChannelFixture.await("tap rec receives frames", () -> tap.indices.size() > 150);
		List<TapStatus> taps = backend.taps();
		assertThat(taps).extracting(TapStatus::tapId).containsExactly("rec");
		assertThat(taps.get(0).state()).isEqualTo("recording");

		fixture.set("taps.target", "(genlock.tap.id=none)"); // removed live
		ChannelFixture.await("tap rec removed", () -> backend.taps().isEmpty() && tap.closed == 1);
		List<Long> got = List.copyOf(tap.indices);
		TapStatus last = taps.get(0);
		assertThat(got).as("display indices the tap received").isSorted().doesNotHaveDuplicates();
		long dropped = 0;
		for (int i = 1; i < got.size(); i++) {
			dropped += got.get(i) - got.get(i - 1) - 1;
		}
		Map<Long, String> aired = hashLog(log);
		long matched = got.stream().filter(i -> tap.hashes.get(i) != null && tap.hashes.get(i).equals(aired.get(i)))
				.count();
		// every frame the tap hashed is, pixel for pixel, what the device aired at that index
		assertThat(matched).as("frames equal to the device's hash log (of " + got.size() + ", hash log "
				+ aired.size() + " lines)").isEqualTo(got.stream().filter(aired::containsKey).count());
		assertThat(got.stream().filter(aired::containsKey).count()).isGreaterThan(100);
		// an unloaded tap keeps up; a loaded machine may make it miss a few, never many
		assertThat(dropped).as("frames the tap missed in " + got.size()).isLessThan(got.size() / 10 + 5);

		register("rec2", 0);
		fixture.set("taps.target", "(|(genlock.tap.id=rec)(genlock.tap.id=rec2))"); // added live, two at once
		ChannelFixture.await("two taps", () -> backend.taps().size() == 2
				&& backend.taps().stream().allMatch(t -> t.delivered() > 10));
		assertThat(tap.opened).as("sessions of rec").isEqualTo(2);
		assertThat(last.errors()).isZero();
		assertThat(fixture.backend().state()).isIn(ChannelFixture.ON_AIR);
	}

	@Test
	void aTapTooSlowForTheChannelDropsFramesAndCostsTheDeviceNone() throws Exception {
		RecordingTap slow = register("slow", 200); // 10 frame periods of 1080p50 per frame
		fixture = new ChannelFixture(context, cm, "slowtap");
		fixture.start("1080p50", "bars | timecode", Map.of("taps.target", "(genlock.tap.id=slow)"));
		VideoBackend backend = fixture.backend();
		ChannelFixture.await("slow tap receives frames", () -> slow.indices.size() >= 3);
		FrameCounters before = backend.status().counters();
		Thread.sleep(6000);
		FrameCounters after = backend.status().counters();
		TapStatus s = backend.taps().get(0);
		assertThat(s.dropped()).as("frames the slow tap missed").isGreaterThan(100);
		assertThat(s.delivered()).isGreaterThanOrEqualTo(3);
		assertThat(after.late() - before.late()).as("late frames on the device").isZero();
		assertThat(after.dropped() - before.dropped()).as("dropped frames on the device").isZero();
		assertThat(backend.state()).isIn(ChannelFixture.ON_AIR);
	}
}
