package org.genlock.device.decklink.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.genlock.itest.support.channel.ChannelFixture.await;

import java.nio.file.Files;
import java.time.Duration;
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
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.video.Rational;
import org.genlock.api.video.Timecode;
import org.genlock.itest.support.channel.ChannelFixture;
import org.genlock.itest.support.channel.HashLogClock;
import org.genlock.itest.support.log.LogWatch;
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

	static final String DEVICE = EmulatedCard.DEVICE;
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
		card.reference(true, "Hp50");
		card.plug();
		card.log(null);
		if (fixture != null) {
			fixture.close();
		}
		configure(Map.of());
	}

	void configure(Map<String, Object> extra) throws Exception {
		EmulatedCard.configure(cm, extra);
	}

	void awaitDevice(boolean present) throws InterruptedException {
		EmulatedCard.awaitDevice(context, present);
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
		// 300 aired frames of the reference (a loaded machine may take longer than 6 s)
		FreshIndices clockFresh = new FreshIndices();
		long clockDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (HashLogClock.indices(clockLog, 0, 0).size() < 300 && System.nanoTime() < clockDeadline) {
			clockFresh.poll(fixture.backend().frameLog());
			Thread.sleep(200);
		}
		clockFresh.poll(fixture.backend().frameLog());
		fixture.remove();
		Map<Long, String> clockHashes = new HashMap<>();
		for (String line : Files.readAllLines(clockLog)) {
			String[] f = line.trim().split("\\s+");
			if (f.length >= 2) { // <index> <picture sha256> audio=<sha256|->
				clockHashes.put(Long.parseLong(f[0]), f[1]);
			}
		}
		ChannelFixture.configureClock(cm, Map.of());

		Path cardLog = Path.of("target", "itest-home", "card-" + System.nanoTime() + ".log").toAbsolutePath();
		Files.createDirectories(cardLog.getParent());
		card.log(cardLog);
		long playedBefore = card.stats()[1];
		startOnDeckLink("1080p50");
		// at least 10 s of slots on the card's own clock (a loaded machine may make that take longer)
		FreshIndices cardFresh = new FreshIndices();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (card.stats()[1] - playedBefore < 520 && System.nanoTime() < deadline) {
			cardFresh.poll(fixture.backend().frameLog());
			Thread.sleep(200);
		}
		cardFresh.poll(fixture.backend().frameLog());
		fixture.remove();
		card.log(null);

		List<EmulatedCard.Played> played = EmulatedCard.read(cardLog);
		assertThat(played.size()).as("slots played (10 s at 50 fps)").isGreaterThanOrEqualTo(500);
		long first = played.get(0).index();
		long last = played.get(played.size() - 1).index();
		List<Long> outOfOrder = new ArrayList<>();
		java.util.Set<Long> onCard = new java.util.HashSet<>();
		for (int i = 0; i < played.size(); i++) {
			long index = played.get(i).index();
			if (!onCard.add(index) || (i > 0 && index <= played.get(i - 1).index())) {
				outOfOrder.add(index);
			}
		}
		assertThat(outOfOrder).as("each display index played at most once, in order").isEmpty();
		// a slot the card did not play must be one the backend was told it missed (a frame that
		// reached the card after its slot: DROPPED), never a frame lost between them; on an idle
		// machine there are none
		List<String> unexplained = new ArrayList<>();
		int missed = 0;
		for (long i = first; i <= last; i++) {
			if (!onCard.contains(i)) {
				missed++;
				org.genlock.api.device.CompletionResult r = cardFresh.results.get(i);
				if (r != null && r != org.genlock.api.device.CompletionResult.DROPPED) {
					unexplained.add(i + ": backend has " + r);
				}
			}
		}
		assertThat(unexplained).as("slots missing on the card that the backend believes aired").isEmpty();
		assertThat(missed).as("slots missed (sanity bound for a loaded machine)").isLessThanOrEqualTo(played.size() / 2);

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
		System.out.printf("DeckLink pixel check: %d slots played (indices %d..%d, %d missed, reported DROPPED), %d fresh "
				+ "on both devices compared, %d mismatches; RP188 checked on %d frames, %d wrong; card non-fresh: %d "
				+ "repeat, %d black%n", played.size(), first, last, missed, compared, mismatches.size(), played.size(),
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
	void theChannelsKeyerSettingDrivesTheCardsKeyer() throws Exception {
		fixture = new ChannelFixture(context, cm, "ch1").start("1080p50", PROGRAM,
				Map.of("device.target", "(genlock.device.id=" + DEVICE + ")", "keyer", "internal", "keyer.level", 128));
		assertThat(card.keyer()).containsExactly(1, 0, 128);
		fixture.set("keyer", "external");
		await("keyer external after the channel restarted", () -> {
			int[] k = card.keyer();
			return k != null && k[0] == 1 && k[1] == 1 && k[2] == 128;
		});
		await("on air again", () -> ChannelFixture.ON_AIR.contains(fixture.backend().state()));
		fixture.set("keyer", "off");
		await("keyer off", () -> card.keyer()[0] == 0);
		await("on air again", () -> ChannelFixture.ON_AIR.contains(fixture.backend().state()));
		fixture.set("keyer", "internal");
		await("keyer on", () -> card.keyer()[0] == 1);
		fixture.remove();
		await("keyer disabled when the session closed", () -> card.keyer()[0] == 0);
	}

	@Test
	void keyingOnADeviceWithoutKeyerFailsTheChannelNamingWhy() throws Exception {
		fixture = new ChannelFixture(context, cm, "ch2");
		Dictionary<String, Object> ch = new Hashtable<>();
		ch.put("channel.id", "ch2");
		ch.put("format", "720p50");
		ch.put("program", PROGRAM);
		ch.put("keyer", "internal");
		ch.put("device.target", "(genlock.device.id=clock)");
		ch.put("renderer.target", "(genlock.renderer.id=software)");
		ch.put("policy.target", "(genlock.policy.id=standard)");
		ch.put("strategy.target", "(genlock.strategy.id=repeat)");
		ChannelFixture.configureClock(cm, Map.of());
		cm.getFactoryConfiguration("genlock.channel", "ch2", "?").update(ch);
		await("ch2 FAILED on keying the clock device", () -> {
			try {
				VideoBackend b = fixture.backend();
				return b.state() == BackendState.FAILED;
			} catch (AssertionError notYet) {
				return false;
			}
		});
		assertThat(fixture.backend().status().failureReason()).contains("cannot key").contains("has no keyer")
				.contains("keyer to off");
		cm.getFactoryConfiguration("genlock.channel", "ch2", "?").delete();
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

	/**
	 * Policy and strategy swaps on the card are seamless: judged as the swap test judges them on
	 * the clock device, per generation change on air, so a busy neighbour's occasional late frame
	 * cannot fail it while a swap that impairs frames fails it every time.
	 */
	@Test
	void policyAndStrategySwapsOnTheCardAirOnlyFreshFrames() throws Exception {
		startOnDeckLink("720p50");
		VideoBackend b = fixture.backend();
		FreshIndices frames = new FreshIndices();
		String[][] swaps = { { "policy.target", "(genlock.policy.id=lowlatency)" },
			{ "strategy.target", "(genlock.strategy.id=black)" }, { "policy.target", "(genlock.policy.id=standard)" },
			{ "strategy.target", "(genlock.strategy.id=repeat)" } };
		for (int round = 0; round < 2; round++) {
			for (String[] swap : swaps) {
				fixture.set(swap[0], swap[1]);
				String id = swap[1].substring(swap[1].indexOf('=') + 1, swap[1].length() - 1);
				await(swap[0] + " " + id + " bound", () -> id.equals(swap[0].startsWith("policy") ? b.status().policyId()
						: b.status().strategyId()));
				long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
				while (System.nanoTime() < end) {
					frames.poll(b.frameLog());
					Thread.sleep(50);
				}
			}
		}
		frames.poll(b.frameLog());
		List<Long> indices = new ArrayList<>(frames.generations.keySet());
		indices.sort(null);
		int changes = 0;
		int impaired = 0;
		long[] newest = frames.generations.get(indices.get(0)).clone();
		for (int i = 0; i < indices.size(); i++) {
			long[] g = frames.generations.get(indices.get(i));
			if (g[0] <= newest[0] && g[1] <= newest[1]) {
				continue;
			}
			newest[0] = Math.max(newest[0], g[0]);
			newest[1] = Math.max(newest[1], g[1]);
			changes++;
			for (int j = i; j < Math.min(indices.size(), i + 3); j++) {
				if (!frames.fresh(indices.get(j))) {
					impaired++;
					break;
				}
			}
		}
		long nonFresh = frames.outcomes.values().stream().filter(o -> o != FrameOutcome.FRESH).count();
		System.out.printf("DeckLink swaps: %d generation changes on air, %d with a non-fresh frame within 3 frames; "
				+ "%d frames, %d non-fresh overall%n", changes, impaired, frames.outcomes.size(), nonFresh);
		assertThat(changes).as("policy and strategy changes seen on air").isGreaterThanOrEqualTo(6);
		assertThat(impaired).as("changes followed by a non-fresh frame (a broken swap impairs every one)")
				.isLessThanOrEqualTo(changes / 2);
		assertThat(b.state()).isIn(ChannelFixture.ON_AIR);
	}

	/**
	 * JNA unloads a library whose NativeLibrary is collected; the driver's threads must never
	 * find their code unmapped. (Before the bundle kept the library reachable, the benchmark's
	 * JVM died here with SIGSEGV on the driver's playback thread.)
	 */
	@Test
	void theDriverLibraryStaysLoadedWhileItsThreadsRunThroughGarbageCollections() throws Exception {
		startOnDeckLink("720p50");
		VideoBackend b = fixture.backend();
		for (int i = 0; i < 20; i++) {
			System.gc();
			Thread.sleep(100);
		}
		long before = b.status().counters().framesAired();
		Thread.sleep(500);
		assertThat(b.status().counters().framesAired()).as("frames aired after the collections").isGreaterThan(before);
		assertThat(b.state()).isIn(ChannelFixture.ON_AIR);
	}

	@Test
	void theReferenceInputsLockAndFormatReachTheChannelStatus() throws Exception {
		startOnDeckLink("720p50");
		VideoBackend b = fixture.backend();
		await("reference locked to 1080p50 in the status (" + b.status().reference() + ")",
				() -> b.status().reference().equals(new ReferenceStatus(true, true, "1080p50")));
		card.reference(false, "iunk");
		await("reference unlocked (" + b.status().reference() + ")",
				() -> b.status().reference().equals(new ReferenceStatus(true, false, null)));
		card.reference(true, "Hi50");
		await("reference locked to 1080i50 (" + b.status().reference() + ")",
				() -> b.status().reference().equals(new ReferenceStatus(true, true, "1080i50")));
		fixture.remove();
		fixture = new ChannelFixture(context, cm, "ch1").start("720p50", PROGRAM);
		assertThat(fixture.backend().status().reference()).as("the clock device has no reference input")
				.isEqualTo(ReferenceStatus.NOT_SUPPORTED);
	}

	@Test
	void aMissingOrForeignDriverIsOneInfoLineWithoutAStackTraceAndTheDevicesGo() throws Exception {
		try (LogWatch log = new LogWatch()) {
			configure(Map.of("library.path", "/nonexistent/libDeckLinkAPI.so"));
			String text = log.awaitMore("no DeckLink driver (/nonexistent/libDeckLinkAPI.so could not be loaded", 0,
					Duration.ofSeconds(30));
			awaitDevice(false);
			assertThat(log.count("no DeckLink driver")).isEqualTo(1);
			assertThat(text).contains(" INFO ").contains("Install Blackmagic Desktop Video or set library.path")
					.doesNotContain("\tat ").doesNotContain("Exception");

			configure(Map.of("library.path", "libc.so.6"));
			text = log.awaitMore("the DeckLink driver libc.so.6 lacks CreateDeckLinkDiscoveryInstance_0003", 0,
					Duration.ofSeconds(30));
			assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
		}
		configure(Map.of());
		awaitDevice(true);
	}

	@Test
	void aBadConfigurationValueIsRejectedNamingTheKeyAndThePreviousStaysInForce() throws Exception {
		try (LogWatch log = new LogWatch()) {
			configure(Map.of("maxBufferedFrames", 1));
			String text = log.awaitMore("maxBufferedFrames is 1; expected 2..256", 0, Duration.ofSeconds(30));
			assertThat(text).contains("the previous configuration stays in force");
		}
		startOnDeckLink("720p50");
	}

	void awaitNoOutstandingFrames() throws InterruptedException {
		await("every native frame released (outstanding " + card.outstandingFrames() + " of "
				+ card.createdFrames() + " created)", () -> card.outstandingFrames() == 0);
	}
}
