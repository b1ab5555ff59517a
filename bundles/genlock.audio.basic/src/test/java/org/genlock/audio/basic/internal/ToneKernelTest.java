package org.genlock.audio.basic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToneKernelTest {

	private static final ToneSource TONE = new ToneSource();
	/** Samples in 24 hours at 48 kHz. */
	private static final long DAY = 86_400L * 48_000;

	@Test
	void declaresFreqAndLevelWithRangesAndDefaults() {
		List<ShaderParameter> p = TONE.info().parameters();
		assertEquals("tone", TONE.info().id());
		assertEquals(2, p.size());
		assertEquals(new ShaderParameter("freq", ParameterType.INT, 20L, 20_000L, 1_000L, "Frequency (Hz)"), p.get(0));
		assertEquals(ParameterType.FLOAT, p.get(1).type());
		assertEquals("level", p.get(1).name());
		assertEquals(-60.0, p.get(1).min());
		assertEquals(0.0, p.get(1).max());
		assertEquals(-18.0, p.get(1).defaultValue());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.get(0).check(0L));
		assertTrue(e.getMessage().contains("freq") && e.getMessage().contains("[20, 20000]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> p.get(1).check(3.0));
		assertTrue(e.getMessage().contains("level") && e.getMessage().contains("[-60.0, 0.0]"), e.getMessage());
	}

	@ParameterizedTest
	@ValueSource(doubles = {-18, 0, -60, -6.5, -20})
	void peakIsTheLevel(double level) {
		float[][] out = Kernels.generate(TONE, Kernels.values(TONE, Map.of("level", level)), 123_457, 48_000, 2);
		float peak = 0;
		for (float x : out[0]) {
			peak = Math.max(peak, Math.abs(x));
		}
		assertEquals(Math.pow(10, level / 20), peak, 1e-6, "peak of 1 s at " + level + " dBFS");
	}

	@ParameterizedTest
	@ValueSource(ints = {20, 440, 997, 1000, 19_999, 20_000})
	void oneSecondHasTwoZeroCrossingsPerHertz(int freq) {
		// 48001 samples span exactly 1 s: 48000 intervals, each crossing counted once
		float[][] out = Kernels.generate(TONE, Kernels.values(TONE, Map.of("freq", (long) freq)), DAY + 777, 48_001,
				1);
		int crossings = 0;
		for (int k = 1; k < out[0].length; k++) {
			if ((out[0][k - 1] < 0) != (out[0][k] < 0)) {
				crossings++;
			}
		}
		assertEquals(2 * freq, crossings, "zero crossings in 1 s at " + freq + " Hz");
	}

	@Test
	void matchesTheIdealSine() {
		ParameterValues v = Kernels.values(TONE, Map.of("freq", 997L, "level", -6.0));
		float[][] out = Kernels.generate(TONE, v, 1_000, 10_000, 1);
		double a = Math.pow(10, -6.0 / 20);
		for (int k = 0; k < 10_000; k++) {
			double ideal = a * Math.sin(2 * Math.PI * 997 * (1_000.0 + k) / 48_000);
			assertEquals(ideal, out[0][k], 1e-6, "sample " + (1_000 + k));
		}
	}

	@Test
	void otherSampleRatesUseTheNearestTablePhase() {
		// not a Genlock rate, but the kernel takes any: the phase is rounded to 1/48000 of a period
		float[][] out = Kernels.poisoned(1, 44_100);
		TONE.kernel().generate(Kernels.values(TONE, Map.of("freq", 997L, "level", 0.0)), 44_100L * 3_600, 44_100, 1,
				44_100, out);
		for (int k = 0; k < 44_100; k++) {
			double ideal = Math.sin(2 * Math.PI * 997 * k / 44_100.0);
			assertEquals(ideal, out[0][k], 2 * Math.PI / 96_000 + 1e-6, "sample " + k + " at 44.1 kHz");
		}
	}

	@Test
	void exactAfterDaysAndYears() {
		// the phase is (s * f) mod 48000: a day or ten years later the same samples come back
		ParameterValues v = Kernels.values(TONE, Map.of("freq", 997L));
		float[][] start = Kernels.generate(TONE, v, 5_000, 1_602, 2);
		assertArrayEquals(start[0], Kernels.generate(TONE, v, 5_000 + DAY, 1_602, 2)[0]);
		assertArrayEquals(start[0], Kernels.generate(TONE, v, 5_000 + 3_650 * DAY, 1_602, 2)[0]);
	}

	@Test
	void everyChannelCarriesTheSameSine() {
		float[][] out = Kernels.generate(TONE, Kernels.values(TONE, Map.of()), 99, 1_601, 16);
		for (int c = 1; c < 16; c++) {
			assertArrayEquals(out[0], out[c], "channel " + (c + 1));
		}
	}

	@Test
	void writesOnlyTheRequestedRange() {
		float[][] out = Kernels.poisoned(3, 2_000);
		TONE.kernel().generate(Kernels.values(TONE, Map.of()), 0, 960, 2, 48_000, out);
		for (int k = 0; k < 960; k++) {
			assertTrue(!Float.isNaN(out[0][k]) && !Float.isNaN(out[1][k]), "sample " + k + " written");
		}
		assertTrue(Float.isNaN(out[0][960]) && Float.isNaN(out[1][1999]), "nothing past count");
		assertTrue(Float.isNaN(out[2][0]), "nothing past channels");
	}
}
