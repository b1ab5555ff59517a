package org.genlock.audio.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.Rational;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncKernelTest {

	private static final SyncSource SYNC = new SyncSource();

	/**
	 * Generates 10 s of frames from {@code firstIndex} one frame per call, the frame's samples
	 * taken from the API's {@link FrameTime#audioSampleOffset} (not from the kernel's own
	 * arithmetic), and returns the display indices whose audio is not silent, checking on the
	 * way that such a frame holds the burst on every sample and the others are all zeros.
	 */
	static List<Long> burstFrames(Rational rate, Map<String, Object> given, long firstIndex) {
		FrameTime time = new FrameTime(rate);
		ParameterValues v = Kernels.values(SYNC, given);
		double amplitude = Math.pow(10, v.getDouble(SyncKernel.LEVEL) / 20);
		long freq = v.getLong(SyncKernel.FREQ);
		int frames = (int) (10 * rate.numerator() / rate.denominator());
		float[][] out = new float[2][time.maxAudioSamples(48_000)];
		List<Long> bursts = new ArrayList<>();
		for (long i = firstIndex; i < firstIndex + frames; i++) {
			long first = time.audioSampleOffset(i, 48_000);
			int count = time.audioSamples(i, 48_000);
			SYNC.kernel().generate(v, first, count, 2, 48_000, out);
			boolean silent = true;
			for (int k = 0; k < count; k++) {
				silent &= out[0][k] == 0;
			}
			if (silent) {
				continue;
			}
			bursts.add(i);
			for (int k = 0; k < count; k++) {
				// phase 0 on the frame's first sample
				double ideal = amplitude * Math.sin(2 * Math.PI * freq * k / 48_000);
				assertEquals(ideal, out[0][k], 1e-6, "frame " + i + " sample " + k);
				assertEquals(out[0][k], out[1][k], "both channels, frame " + i + " sample " + k);
			}
		}
		return bursts;
	}

	@ParameterizedTest(name = "{0}/{1} with fps={2}, fractional={3}")
	@CsvSource({
			"25, 1, 25, false",
			"50, 1, 50, false",
			"30000, 1001, 30, true",
			"60000, 1001, 60, true" })
	void burstIsOnTheFramesWhoseIndexIsAMultipleOfTheNominalRate(long num, long den, long fps, boolean fractional) {
		Rational rate = Rational.of(num, den);
		Map<String, Object> given = Map.of("fps", fps, "fractional", fractional);
		for (long from : new long[] {0, 2_589_410 /* 24 h at 29.97 */, 4_320_000 /* 24 h at 50 */ + 7}) {
			List<Long> bursts = burstFrames(rate, given, from);
			List<Long> expected = new ArrayList<>();
			for (long i = from; i < from + 10 * num / den; i++) {
				if (i % fps == 0) {
					expected.add(i);
				}
			}
			assertEquals(expected, bursts, "burst frames from index " + from);
			assertTrue(bursts.size() >= 9, "about one a second: " + bursts);
		}
	}

	@Test
	void burstLastsExactlyOneFrameAtEachRate() {
		// a burst frame's samples at 48 kHz, literally: 1920 at 25p, 960 at 50p, and at the 1001 rates
		// the frames 30k and 60k start a cadence cycle, so they carry 1601 and 800 samples
		assertEquals(List.of(0L, 25L, 50L), burstFrames(Rational.of(25), Map.of("fps", 25L), 0).subList(0, 3));
		float[][] out = Kernels.generate(SYNC, Kernels.values(SYNC, Map.of("fps", 30L, "fractional", true)),
				48_048 - 10, 1_601 + 20, 1);
		for (int k = 0; k < 10; k++) {
			assertEquals(0f, out[0][k], "before frame 30 (sample 48048)");
			assertEquals(0f, out[0][10 + 1_601 + k], "after frame 30 (1601 samples)");
		}
		assertTrue(out[0][11] > 0, "rising from the frame's first sample");
		out = Kernels.generate(SYNC, Kernels.values(SYNC, Map.of("fps", 60L, "fractional", true)), 48_048, 801, 1);
		assertTrue(out[0][799] != 0 && out[0][800] == 0, "frame 60 at 59.94 is 800 samples");
	}

	@Test
	void declaresItsParametersWithRanges() {
		var p = SYNC.info().parameters();
		assertEquals("sync", SYNC.info().id());
		assertEquals(List.of("freq", "level", "fps", "fractional"), p.stream().map(x -> x.name()).toList());
		assertEquals(Parameters.FREQ, p.get(SyncKernel.FREQ));
		assertEquals(Parameters.LEVEL, p.get(SyncKernel.LEVEL));
		assertEquals(ParameterType.INT, p.get(SyncKernel.FPS).type());
		assertEquals(0L, p.get(SyncKernel.FPS).min());
		assertEquals(240L, p.get(SyncKernel.FPS).max());
		assertEquals(0L, p.get(SyncKernel.FPS).defaultValue());
		assertEquals(ParameterType.BOOL, p.get(SyncKernel.FRACTIONAL).type());
		assertEquals(false, p.get(SyncKernel.FRACTIONAL).defaultValue());
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> p.get(SyncKernel.FPS).check(2997L));
		assertTrue(e.getMessage().contains("fps") && e.getMessage().contains("[0, 240]"), e.getMessage());
	}

	@ParameterizedTest(name = "{0}/{1}")
	@CsvSource({
			"25, 1, 25, false",
			"50, 1, 50, false",
			"30000, 1001, 30, true",
			"60000, 1001, 60, true" })
	void withoutParametersTheBurstFollowsTheChannelsRateTheBackendGives(long num, long den, long fps,
			boolean fractional) {
		org.genlock.api.video.FrameTime time = new org.genlock.api.video.FrameTime(Rational.of(num, den));
		var defaults = Kernels.values(SYNC, Map.of());
		var explicit = Kernels.values(SYNC, Map.of("fps", fps, "fractional", fractional));
		long first = time.audioSampleOffset(3 * num / den - 2, 48_000);
		int count = 5 * 1602;
		float[][] channel = Kernels.poisoned(2, count);
		SYNC.kernel().generate(defaults, time, first, count, 2, 48_000, channel);
		float[][] given = Kernels.generate(SYNC, explicit, first, count, 2);
		for (int k = 0; k < count; k++) {
			assertEquals(given[0][k], channel[0][k], "sample " + k);
		}
		boolean burst = false;
		for (float v : channel[0]) {
			burst |= v != 0;
		}
		assertTrue(burst, "the range holds the burst at the third second");
	}
}
