package org.genlock.device.decklink.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.itest.support.channel.ChannelFixture.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.video.Rational;
import org.genlock.api.video.Timecode;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.channel.HashLogClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Channel ch1 on an emulated DeckLink card: the real DeckLink bundle loads the emulator of the
 * driver's library (built by this module from the bundle's C source) through its
 * {@code library.path}, exactly as it loads {@code libDeckLinkAPI.so}. The emulator writes
 * {@code <display index> <sha-256 of the frame> <RP188>} per played slot, so the tests compare
 * what the card would have put on the wire with the clock device's hash log of the same program.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class DeckLinkChannelTest {

	static final String DEVICE = "decklink-100";
	static final String PROGRAM = "bars | timecode";
	static final Map<String, Object> ON_DECKLINK = Map.of("device.target", "(genlock.device.id=" + DEVICE + ")");

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	final EmulatedCard card = new EmulatedCard();
	ChannelFixture fixture;

	@BeforeEach
	void driver() throws Exception {
		configure(Map.of());
		awaitDevice(true);
	}

	@AfterEach
	void cleanUp() throws Exception {
		card.faults(0, 0);
		card.plug();
		card.log(null);
		if (fixture != null) {
			fixture.close();
		}
		configure(Map.of());
	}

	void configure(Map<String, Object> extra) throws Exception {
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("library.path", EmulatedCard.LIBRARY.toString());
		extra.forEach(p::put);
		cm.getConfiguration("genlock.device.decklink", "?").update(p);
	}

	void awaitDevice(boolean present) throws InterruptedException {
		await("DeckLink service " + DEVICE + (present ? " registered" : " gone"), () -> {
			try {
				var refs = context.getServiceReferences(VideoOutputDevice.class, "(genlock.device.id=" + DEVICE + ")");
				return refs.isEmpty() != present;
			} catch (Exception e) {
				return false;
			}
		});
	}

	ChannelFixture startOnDeckLink(String format) throws Exception {
		fixture = new ChannelFixture(context, cm, "ch1").start(format, PROGRAM, ON_DECKLINK);
		assertThat(fixture.backend().status().deviceId()).isEqualTo(DEVICE);
		return fixture;
	}

	/** Follows the channel's frame log for {@code millis}. */
	static FreshIndices follow(VideoBackend backend, long millis) throws InterruptedException {
		FreshIndices f = new FreshIndices();
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() < end) {
			f.poll(backend.frameLog());
			Thread.sleep(200);
		}
		f.poll(backend.frameLog());
		return f;
	}

	@Test
	void ch1At1080p50PlaysEveryIndexOncePixelExactWithTheClockAndWithRp188() throws Exception {
		// the reference: the same program on the clock device, hash-logged
		fixture = new ChannelFixture(context, cm, "ch1").start("1080p50", PROGRAM);
		Path clockLog = HashLogClock.configure(cm, "reference");
		FreshIndices clockFresh = follow(fixture.backend(), 5_000);
		fixture.remove();
		Map<Long, String> clockHashes = new HashMap<>();
		for (String line : Files.readAllLines(clockLog)) {
			String[] f = line.trim().split("\\s+");
			if (f.length == 2) {
				clockHashes.put(Long.parseLong(f[0]), f[1]);
			}
		}
		ChannelFixture.configureClock(cm, Map.of());

		Path cardLog = Path.of("target", "itest-home", "card-" + System.nanoTime() + ".log").toAbsolutePath();
		Files.createDirectories(cardLog.getParent());
		card.log(cardLog);
		startOnDeckLink("1080p50");
		FreshIndices cardFresh = follow(fixture.backend(), 10_500);
		fixture.remove();
		card.log(null);

		List<EmulatedCard.Played> played = EmulatedCard.read(cardLog);
		assertThat(played.size()).as("slots played in 10.5 s at 50 fps").isGreaterThanOrEqualTo(500);
		long first = played.get(0).index();
		List<Long> gaps = new ArrayList<>();
		for (int i = 0; i < played.size(); i++) {
			if (played.get(i).index() != first + i) {
				gaps.add(played.get(i).index());
			}
		}
		assertThat(gaps).as("every display index played once, in order").isEmpty();

		Rational rate = Rational.of(50);
		List<String> wrongTimecode = new ArrayList<>();
		for (EmulatedCard.Played p : played) {
			String expected = Timecode.fromFrameIndex(p.index(), rate, false).toString();
			if (!p.kind().equals("rp188") || !p.timecode().equals(expected)) {
				wrongTimecode.add(p.index() + ": " + p.timecode() + " " + p.kind() + ", expected " + expected);
			}
		}
		assertThat(wrongTimecode).as("RP188 of every played frame = Timecode.fromFrameIndex").isEmpty();

		int compared = 0;
		List<String> mismatches = new ArrayList<>();
		for (EmulatedCard.Played p : played) {
			String reference = clockHashes.get(p.index());
			if (reference != null && clockFresh.fresh(p.index()) && cardFresh.fresh(p.index())) {
				compared++;
				if (!reference.equals(p.sha256())) {
					mismatches.add(p.index() + ": card " + p.sha256() + " clock " + reference);
				}
			}
		}
		System.out.printf("DeckLink pixel check: %d slots played (indices %d..%d), %d fresh on both devices compared, "
				+ "%d mismatches; RP188 checked on %d frames, %d wrong; card non-fresh: %d repeat, %d black%n",
				played.size(), first, played.get(played.size() - 1).index(), compared, mismatches.size(), played.size(),
				wrongTimecode.size(), cardFresh.count(FrameOutcome.REPEAT), cardFresh.count(FrameOutcome.BLACK));
		assertThat(compared).as("fresh frames compared with the clock's (of ~%d logged by the clock)", clockHashes.size())
				.isGreaterThanOrEqualTo(100);
		assertThat(mismatches).as("pixel hashes of the card = the clock device's").isEmpty();
		awaitNoOutstandingFrames();
	}

	@Test
	void injectedLateAndDroppedFramesDegradeTheChannelAndItRecovers() throws Exception {
		startOnDeckLink("720p50");
		VideoBackend b = fixture.backend();
		long lateBefore = b.status().counters().late();
		long droppedBefore = b.status().counters().dropped();
		card.faults(3, 4);
		await("DEGRADED under late/drop injection", () -> b.state() == BackendState.DEGRADED);
		card.faults(0, 0);
		await("RUNNING again after the faults stop", () -> b.state() == BackendState.RUNNING);
		assertThat(b.status().counters().late()).as("late completions seen").isGreaterThan(lateBefore);
		assertThat(b.status().counters().dropped()).as("dropped completions seen").isGreaterThan(droppedBefore);
	}

	@Test
	void unplugFailsTheChannelAndReplugBringsItBackWithoutLeakingNativeFrames() throws Exception {
		startOnDeckLink("720p50");
		VideoBackend b = fixture.backend();
		card.unplug();
		awaitDevice(false);
		await("FAILED after the card went away", () -> b.state() == BackendState.FAILED);
		card.plug();
		awaitDevice(true);
		await("on air again after the card came back", () -> fixture.backend().state() == BackendState.RUNNING);
		assertThat(card.stats()[8]).as("output enabled").isEqualTo(1);
		fixture.remove();
		awaitNoOutstandingFrames();
		assertThat(card.misuse()).isZero();
	}

	@Test
	void keyerFollowsTheDeviceConfiguration() throws Exception {
		configure(Map.of("keyer", "internal", "keyer.level", 128));
		startOnDeckLink("1080p50");
		assertThat(card.keyer()).containsExactly(1, 0, 128);
		fixture.remove();
		assertThat(card.keyer()[0]).as("keyer disabled when the session closed").isZero();
		configure(Map.of("keyer", "external"));
		startOnDeckLink("1080p50");
		assertThat(card.keyer()).containsExactly(1, 1, 255);
		fixture.remove();
		configure(Map.of("keyer", "off"));
		startOnDeckLink("1080p50");
		assertThat(card.keyer()[0]).isZero();
	}

	@Test
	void stoppingAndUpdatingTheDeckLinkBundleEndsPlayoutCleanlyAndItComesBack() throws Exception {
		startOnDeckLink("720p50");
		Bundle decklink = fixture.bundle("genlock.device.decklink");
		decklink.stop();
		awaitDevice(false);
		await("FAILED without its device", () -> fixture.backend().state() == BackendState.FAILED);
		assertThat(card.stats()[8]).as("output disabled when the bundle stopped").isZero();
		assertThat(card.stats()[6]).as("frames still buffered on the card").isZero();
		decklink.start();
		awaitDevice(true);
		await("on air after the bundle started", () -> fixture.backend().state() == BackendState.RUNNING);
		decklink.update();
		awaitDevice(true);
		await("on air after the bundle was updated", () -> fixture.backend().state() == BackendState.RUNNING);
		fixture.remove();
		awaitNoOutstandingFrames();
	}

	@Test
	void policyAndStrategySwapsOnTheCardAirOnlyFreshFrames() throws Exception {
		startOnDeckLink("720p50");
		VideoBackend b = fixture.backend();
		follow(b, 1_000); // settle
		FreshIndices before = new FreshIndices();
		before.poll(b.frameLog());
		FreshIndices during = new FreshIndices();
		during.poll(b.frameLog());
		fixture.set("policy.target", "(genlock.policy.id=lowlatency)");
		await("policy lowlatency bound", () -> "lowlatency".equals(b.status().policyId()));
		fixture.set("strategy.target", "(genlock.strategy.id=black)");
		await("strategy black bound", () -> "black".equals(b.status().strategyId()));
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (System.nanoTime() < end) {
			during.poll(b.frameLog());
			Thread.sleep(100);
		}
		during.poll(b.frameLog());
		long nonFresh = during.outcomes.values().stream().filter(o -> o != FrameOutcome.FRESH).count();
		System.out.printf("DeckLink swaps: %d frames across policy and strategy swaps, %d non-fresh%n",
				during.outcomes.size(), nonFresh);
		assertThat(b.state()).isEqualTo(BackendState.RUNNING);
		assertThat(nonFresh).as("non-fresh frames across the swaps").isZero();
	}

	void awaitNoOutstandingFrames() throws InterruptedException {
		await("every native frame released (outstanding " + card.outstandingFrames() + " of "
				+ card.createdFrames() + " created)", () -> card.outstandingFrames() == 0);
	}
}
