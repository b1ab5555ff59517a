package org.genlock.device.decklink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.genlock.api.device.DeviceException;
import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.jna.Pointer;

/** Embedded audio against the emulator: EnableAudioOutput, ScheduleAudioSamples, DisableAudioOutput. */
class EmbeddedAudioTest {

	/** 29.97: the 1601/1602 cadence, and small frames. */
	static final VideoFormat NTSC = VideoFormat.parse("486i5994", PixelFormat.UYVY8);
	static final FrameTime TIME = new FrameTime(NTSC.frameRate());

	private final Emulator emu = new Emulator();
	private final List<DeckLinkOutput> outputs = new ArrayList<>();

	@AfterEach
	void dispose() {
		emu.audioLimit(0, 0);
		emu.audioLog(0, "");
		outputs.forEach(o -> {
			o.shutdown();
			o.dispose();
		});
	}

	private DeckLinkOutput output() {
		Pointer d = emu.firstDevice();
		assertNotNull(d, "the emulator's iterator returned no device");
		DeckLinkOutput o = DeckLinkOutput.probe(d, () -> DeckLinkSettings.DEFAULTS);
		Com.release(d);
		outputs.add(o);
		return o;
	}

	/** Schedules display indices first..first+n-1 with ramp audio of {@code channels}, without playback. */
	private List<TestFrame> schedule(DeckLinkSession s, int channels, long first, int n) {
		List<TestFrame> frames = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			TestFrame t = new TestFrame(i, NTSC, s.allocator().allocate(NTSC, NTSC.rowBytes()));
			t.audio = new TestAudio(channels, TIME).fill(first + i);
			assertTrue(s.schedule(t, first + i), "index " + (first + i));
			frames.add(t);
		}
		return frames;
	}

	private static void release(DeckLinkSession s, List<TestFrame> frames) {
		frames.forEach(t -> s.allocator().release(t.pixels()));
	}

	@ParameterizedTest(name = "{0} channels in the card's {1}")
	@CsvSource({ "2, 2", "16, 16", "6, 8", "3, 8", "9, 16" })
	void everyFramesSamplesReachTheCardBitExactAtItsFirstSample(int channels, int layout, @TempDir Path dir)
			throws Exception {
		Path log = dir.resolve("audio.log");
		assertEquals(0, emu.audioLog(0, log.toString()));
		long disablesBefore = emu.audio(0)[4];
		DeckLinkSession s = (DeckLinkSession) output().open(NTSC, channels, new VtableBindingTest.Recorder());
		assertEquals(channels, s.audioChannels(), "audioChannels: what the session carries");
		assertEquals(layout, s.audioLayout());
		long[] a = emu.audio(0);
		assertEquals(1, a[0], "audio enabled");
		assertEquals(layout, a[1], "channels passed to EnableAudioOutput");
		assertEquals(32, a[2], "bmdAudioSampleType32bitInteger");
		// 7: not a multiple of the 5-frame cadence
		List<TestFrame> frames = schedule(s, channels, 7, 8);
		s.close();
		assertEquals(0, emu.audio(0)[0], "audio disabled on close");
		assertEquals(disablesBefore + 1, emu.audio(0)[4], "DisableAudioOutput once");
		release(s, frames);

		List<String> lines = Files.readAllLines(log);
		assertEquals("enable 48000 32 " + layout + " 2", lines.get(0), "48 kHz, 32-bit, timestamped");
		assertEquals("disable", lines.get(lines.size() - 1));
		assertEquals(8 + 2, lines.size(), "one ScheduleAudioSamples per frame: " + lines);
		for (int i = 0; i < 8; i++) {
			long index = 7 + i;
			long first = TIME.audioSampleOffset(index, 48_000);
			int count = TIME.audioSamples(index, 48_000);
			assertEquals("samples " + first + " 48000 " + count + " " + count + " "
					+ TestAudio.sha256(first, count, channels, layout), lines.get(1 + i), "index " + index);
		}
		assertEquals(0, s.audio().framesShort() + s.audio().refused() + s.audio().mismatched());
	}

	@Test
	void aCountOutsideZeroAndTwoToSixteenIsRefusedNamingTheAllowedOnesAndTheCardStaysUsable() throws Exception {
		DeckLinkOutput o = output();
		long enables = emu.audio(0)[3];
		for (int bad : new int[] { 1, 17, -2 }) {
			DeviceException e = assertThrows(DeviceException.class,
					() -> o.open(NTSC, bad, new VtableBindingTest.Recorder()));
			assertTrue(e.getMessage().contains("cannot open with " + bad + " audio channels; expected 0 (no audio) or 2..16"),
					e.getMessage());
		}
		assertEquals(enables, emu.audio(0)[3], "nothing enabled");
		DeckLinkSession s = (DeckLinkSession) o.open(NTSC, 2, new VtableBindingTest.Recorder());
		assertEquals(2, s.audioChannels());
		s.close();
	}

	@Test
	void withoutAudioNothingIsEnabledOrScheduled() throws Exception {
		DeckLinkOutput o = output();
		long[] before = emu.audio(0);
		DeckLinkSession s = (DeckLinkSession) o.open(NTSC, new VtableBindingTest.Recorder());
		assertEquals(0, s.audioChannels());
		List<TestFrame> frames = schedule(s, 2, 0, 2);
		s.close();
		release(s, frames);
		s = (DeckLinkSession) o.open(NTSC, 0, new VtableBindingTest.Recorder());
		assertEquals(0, s.audioChannels());
		s.close();
		long[] after = emu.audio(0);
		assertEquals(before[3], after[3], "EnableAudioOutput calls");
		assertEquals(before[5], after[5], "ScheduleAudioSamples calls");
	}

	@Test
	void samplesTheDriverDoesNotTakeAreCountedAndNotRetried(@TempDir Path dir) throws Exception {
		emu.audioLimit(0, 1000);
		Path log = dir.resolve("audio.log");
		emu.audioLog(0, log.toString());
		long callsBefore = emu.audio(0)[5];
		DeckLinkSession s = (DeckLinkSession) output().open(NTSC, 2, new VtableBindingTest.Recorder());
		List<TestFrame> frames = schedule(s, 2, 0, 5);
		EmbeddedAudio a = s.audio();
		s.close();
		release(s, frames);
		assertEquals(5, emu.audio(0)[5] - callsBefore, "one ScheduleAudioSamples per frame, no retry");
		assertEquals(5, a.framesShort());
		assertEquals(TIME.audioSampleOffset(5, 48_000) - 5 * 1000, a.samplesShort(), "sample frames not taken");
		assertEquals(0, a.refused());
		String line = Files.readAllLines(log).get(1);
		assertTrue(line.startsWith("samples 0 48000 " + TIME.audioSamples(0, 48_000) + " 1000 "), line);
	}

	@Test
	void aFrameWithoutTheSessionsAudioGoesOutAsSilenceOfItsIndexsLength(@TempDir Path dir) throws Exception {
		Path log = dir.resolve("audio.log");
		emu.audioLog(0, log.toString());
		DeckLinkSession s = (DeckLinkSession) output().open(NTSC, 6, new VtableBindingTest.Recorder());
		TestFrame none = new TestFrame(0, NTSC, s.allocator().allocate(NTSC, NTSC.rowBytes()));
		TestFrame wide = new TestFrame(1, NTSC, s.allocator().allocate(NTSC, NTSC.rowBytes()));
		wide.audio = new TestAudio(16, TIME).fill(4);
		assertTrue(s.schedule(none, 3));
		assertTrue(s.schedule(wide, 4));
		EmbeddedAudio a = s.audio();
		s.close();
		s.allocator().release(none.pixels());
		s.allocator().release(wide.pixels());
		assertEquals(2, a.mismatched());
		List<String> lines = Files.readAllLines(log);
		for (int i = 0; i < 2; i++) {
			long index = 3 + i;
			long first = TIME.audioSampleOffset(index, 48_000);
			int count = TIME.audioSamples(index, 48_000);
			assertEquals("samples " + first + " 48000 " + count + " " + count + " " + TestAudio.sha256(first, count, 0, 8),
					lines.get(1 + i), "silence for index " + index);
		}
	}

	/**
	 * What scheduling a frame's audio allocates, once warm: the boxed stream time and JNA's call
	 * (its argument copy); the samples' address, the written count and the sample count are
	 * reused. The video path's own figure is the benchmark's (README).
	 */
	@ParameterizedTest(name = "{0} channels")
	@CsvSource({ "2", "6", "16" })
	void schedulingAFramesAudioAllocatesOnlyJnasCallFrame(int channels) throws Exception {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		DeckLinkSession s = (DeckLinkSession) output().open(VideoFormat.parse("1080p50", PixelFormat.UYVY8), channels,
				new VtableBindingTest.Recorder());
		try {
			EmbeddedAudio a = s.audio();
			NativeFrame nf = new NativeFrame(null, ByteBuffer.allocate(0), null);
			// index 1000: a stream time Long.valueOf does not cache, as on air
			TestAudio audio = new TestAudio(channels, new FrameTime(s.format().frameRate())).fill(1000);
			for (int i = 0; i < 20_000; i++) {
				a.schedule(nf, audio, 1000);
			}
			int n = 20_000;
			long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
			for (int i = 0; i < n; i++) {
				a.schedule(nf, audio, 1000);
			}
			double perFrame = (double) (mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / n;
			System.out.printf("DeckLink audio, %d channels: %.0f bytes allocated per ScheduleAudioSamples%n", channels,
					perFrame);
			assertEquals(0, a.framesShort() + a.refused() + a.mismatched());
			// a staging buffer or sample array per frame would be kilobytes (960 x 4 x channels)
			assertTrue(perFrame <= 256, perFrame + " bytes per frame");
		} finally {
			s.close();
		}
	}
}
