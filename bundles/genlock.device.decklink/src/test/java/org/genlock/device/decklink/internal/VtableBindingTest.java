package org.genlock.device.decklink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.KeyerMode;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.Timecode;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jna.Pointer;

/** The vtable binding, interface ids and format mapping against the emulator of the driver's ABI. */
class VtableBindingTest {

	private final Emulator emu = new Emulator();
	private final List<DeckLinkOutput> outputs = new ArrayList<>();

	@AfterEach
	void dispose() {
		outputs.forEach(o -> {
			o.shutdown();
			o.dispose();
		});
	}

	private DeckLinkOutput output(DeckLinkSettings s) {
		Pointer d = emu.firstDevice();
		assertNotNull(d, "the emulator's iterator returned no device");
		DeckLinkOutput o = DeckLinkOutput.probe(d, () -> s);
		Com.release(d);
		assertNotNull(o, "the emulated card was not recognised as an output");
		outputs.add(o);
		return o;
	}

	@Test
	void interfaceIdsMatchTheDriversAndUnknownOnesAreRefused() {
		Pointer d = emu.firstDevice();
		for (Guid iid : List.of(Sdk.IID_DECKLINK, Sdk.IID_OUTPUT, Sdk.IID_PROFILE_ATTRIBUTES, Sdk.IID_KEYER, Sdk.IID_STATUS)) {
			Pointer p = Com.query(d, iid);
			assertNotNull(p, "QueryInterface refused " + iid);
			Com.release(p);
		}
		assertNull(Com.query(d, Guid.parse("00000000-0000-0000-0000-000000000001")));
		assertNull(Com.query(d, Sdk.IID_VIDEO_OUTPUT_CALLBACK), "a device is not a callback");
		Com.release(d);
	}

	@Test
	void guidBytesAreReadInTheHeadersOrder() {
		Guid g = Guid.parse("C418FBDD-0587-48ED-8FE5-640F0A14AF91");
		assertEquals(0xED488705DDFB18C4L, g.lo());
		assertEquals(0x91AF140A0F64E58FL, g.hi());
		assertThrows(IllegalArgumentException.class, () -> Guid.parse("C418FBDD"));
	}

	@Test
	void displayModesMapToVideoFormatsWithTheirPixelFormats() {
		DeckLinkOutput o = output(DeckLinkSettings.DEFAULTS);
		List<VideoFormat> formats = o.info().supportedFormats();
		for (String name : List.of("1080p50", "1080p5994", "1080i50", "720p60", "2160p25", "576i50", "486i5994")) {
			for (PixelFormat pf : PixelFormat.values()) {
				VideoFormat f = VideoFormat.parse(name, pf);
				assertTrue(formats.contains(f), name + " " + pf + " missing from " + formats);
			}
		}
		assertFalse(formats.contains(VideoFormat.parse("2160p60", PixelFormat.BGRA8)),
				"the emulated card has no BGRA above 2160p30, as DoesSupportVideoMode says");
		assertTrue(formats.contains(VideoFormat.parse("2160p60", PixelFormat.V210)));
		assertTrue(o.info().keying());
		assertTrue(o.info().genlockInput());
		assertEquals("decklink-100", o.info().id());
		assertEquals("locked (1080p50)", o.referenceText(), "the detected mode named like Genlock's formats");
	}

	@Test
	void anUnsupportedFormatIsRefusedNamingWhatTheCardPlays() {
		DeckLinkOutput o = output(DeckLinkSettings.DEFAULTS);
		DeviceException e = assertThrows(DeviceException.class,
				() -> o.open(VideoFormat.parse("1024x768p60"), new Recorder()));
		assertTrue(e.getMessage().contains("cannot output 1024x768p60") && e.getMessage().contains("1080p50 BGRA8"),
				e.getMessage());
	}

	@Test
	void scheduledFramesPlayInOrderWithTheirTimecodeAndComeBackOnce(@TempDir Path dir) throws Exception {
		DeckLinkOutput o = output(DeckLinkSettings.DEFAULTS);
		VideoFormat f = VideoFormat.parse("720p50", PixelFormat.UYVY8);
		Path log = dir.resolve("card0.log");
		assertEquals(0, emu.log(0, log.toString()));
		Recorder rec = new Recorder();
		long before = emu.outstandingFrames();
		OutputSession s = o.open(f, rec);
		List<TestFrame> pool = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ByteBuffer px = s.allocator().allocate(f, f.rowBytes());
			pool.add(new TestFrame(i, f, px));
		}
		assertEquals(before + 4, emu.outstandingFrames(), "CreateVideoFrame once per pool slot");
		for (int i = 0; i < 3; i++) {
			pool.get(i).fill(i);
			assertTrue(s.schedule(pool.get(i), i));
		}
		assertFalse(s.schedule(pool.get(3), 2), "an index not after the previous one is refused");
		assertFalse(s.schedule(pool.get(0), 3), "a frame the driver holds is refused");
		assertEquals(3, s.bufferedFrameCount());
		s.startScheduledPlayback(0);
		for (int i = 3; i < 20; i++) {
			TestFrame free = rec.awaitFree(pool);
			free.fill(i);
			assertTrue(s.schedule(free, i), "index " + i);
		}
		assertTrue(rec.awaitCompletions(18), "completions: " + rec.results);
		assertTrue(s.displayIndexNow() >= 17, "stream time " + s.displayIndexNow());
		s.close();
		emu.log(0, "");
		assertEquals(20, rec.results.size(), "every scheduled frame came back exactly once: " + rec.results);
		// Which slots the test thread fed in time depends on the machine's load; what was played
		// must be the right picture with the right timecode for its index, in order.
		List<String> lines = Files.readAllLines(log);
		assertTrue(lines.size() >= 3, "at least the preroll played: " + lines);
		long previous = -1;
		for (String line : lines) {
			String[] p = line.split(" ");
			long index = Long.parseLong(p[0]);
			assertTrue(index > previous, "indices in order: " + lines);
			previous = index;
			assertEquals(Timecode.fromFrameIndex(index, f.frameRate(), false).toString(), p[2], "RP188 of " + line);
			assertEquals("rp188", p[4]);
			assertEquals(TestFrame.sha256(f, index), p[1], "pixels of " + line);
		}
		for (TestFrame t : pool) {
			s.allocator().release(t.pixels());
		}
		assertEquals(before, emu.outstandingFrames(), "every native frame released");
		assertEquals(0, emu.misuse());
	}

	@Test
	void keyerFollowsTheSessionAndIsOffAfterClose() throws Exception {
		DeckLinkOutput o = output(DeckLinkSettings.DEFAULTS);
		OutputSession s = o.open(VideoFormat.parse("1080p50"), new Recorder());
		assertEquals(0, emu.keyer(0)[0], "off until set");
		s.setKeyer(KeyerMode.EXTERNAL, 200);
		int[] k = emu.keyer(0);
		assertEquals(1, k[0], "enabled");
		assertEquals(1, k[1], "external");
		assertEquals(200, k[2], "level");
		s.close();
		assertEquals(0, emu.keyer(0)[0], "disabled on close");
	}

	@Test
	void keyingAFormatWithoutAlphaIsRefused() throws Exception {
		DeckLinkOutput o = output(DeckLinkSettings.DEFAULTS);
		OutputSession s = o.open(VideoFormat.parse("1080p50", PixelFormat.UYVY8), new Recorder());
		DeviceException e = assertThrows(DeviceException.class, () -> s.setKeyer(KeyerMode.INTERNAL, 255));
		s.close();
		assertTrue(e.getMessage().contains("cannot key 1080p50 UYVY8"), e.getMessage());
		assertEquals(0, emu.keyer(0)[0]);
	}

	@Test
	void aCardWithoutKeyerRefusesKeyingNamingTheCardAndTheSetting() throws Exception {
		emu.configure("devices=1,nokeyer=0");
		try {
			DeckLinkOutput o = output(DeckLinkSettings.DEFAULTS);
			assertFalse(o.info().keying(), "DeviceInfo.keying of a card without keyer");
			OutputSession s = o.open(VideoFormat.parse("1080p50"), new Recorder());
			DeviceException e = assertThrows(DeviceException.class, () -> s.setKeyer(KeyerMode.INTERNAL, 255));
			s.close();
			assertTrue(e.getMessage().contains("has no keyer") && e.getMessage().contains("keyer to off"), e.getMessage());
		} finally {
			emu.configure("devices=1");
		}
	}

	@Test
	void standardDefinitionFramesCarryVitc(@TempDir Path dir) throws Exception {
		DeckLinkOutput o = output(DeckLinkSettings.DEFAULTS);
		VideoFormat f = VideoFormat.parse("576i50", PixelFormat.UYVY8);
		Path log = dir.resolve("sd.log");
		emu.log(0, log.toString());
		Recorder rec = new Recorder();
		OutputSession s = o.open(f, rec);
		List<TestFrame> pool = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			pool.add(new TestFrame(i, f, s.allocator().allocate(f, f.rowBytes())));
			pool.get(i).fill(i);
			assertTrue(s.schedule(pool.get(i), i));
		}
		s.startScheduledPlayback(0);
		assertTrue(rec.awaitCompletions(2), rec.results.toString());
		s.close();
		emu.log(0, "");
		List<String> lines = Files.readAllLines(log);
		assertFalse(lines.isEmpty());
		for (String line : lines) {
			String[] p = line.split(" ");
			assertEquals("vitc", p[4], line);
			assertEquals(Timecode.fromFrameIndex(Long.parseLong(p[0]), f.frameRate(), false).toString(), p[2], line);
		}
		for (TestFrame t : pool) {
			s.allocator().release(t.pixels());
		}
	}

	static final class Recorder implements OutputListener {
		final List<String> results = new CopyOnWriteArrayList<>();
		final List<FrameBuffer> free = new CopyOnWriteArrayList<>();
		final CountDownLatch stopped = new CountDownLatch(1);

		@Override
		public void frameCompleted(FrameBuffer frame, long displayIndex, CompletionResult result, long completionNanos) {
			results.add(displayIndex + ":" + result);
			free.add(frame);
		}

		@Override
		public void playbackStopped() {
			stopped.countDown();
		}

		@Override
		public void deviceFailed(String reason) {
			results.add("failed:" + reason);
		}

		TestFrame awaitFree(List<TestFrame> pool) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() < deadline) {
				for (TestFrame t : pool) {
					if (free.remove(t)) {
						return t;
					}
				}
				for (TestFrame t : pool) {
					if (t.neverScheduled) {
						t.neverScheduled = false;
						return t;
					}
				}
				Thread.sleep(2);
			}
			throw new AssertionError("no frame came back within 10 s: " + results);
		}

		boolean awaitCompletions(int n) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (results.size() < n && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			return results.size() >= n;
		}
	}
}
