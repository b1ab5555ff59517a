package org.genlock.audio.basic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.genlock.api.shader.ParameterValues;
import org.junit.jupiter.api.Test;

class LineupKernelTest {

	private static final LineupSource LINEUP = new LineupSource();
	private static final ToneSource TONE = new ToneSource();

	/** 10 s of 4 channels, generated a 25p frame (1920 samples) at a time as the engine would. */
	private static float[][] tenSeconds(long first, double level) {
		ParameterValues v = Kernels.values(LINEUP, Map.of("level", level));
		int total = 480_000;
		float[][] all = new float[4][total];
		float[][] frame = new float[4][1_920];
		for (int k = 0; k < total; k += 1_920) {
			LINEUP.kernel().generate(v, first + k, 1_920, 4, 48_000, frame);
			for (int c = 0; c < 4; c++) {
				System.arraycopy(frame[c], 0, all[c], k, 1_920);
			}
		}
		return all;
	}

	@Test
	void leftIsSilentFor250msEvery3sAndRightNever() {
		float[][] out = tenSeconds(0, -18);
		float[][] tone = Kernels.generate(TONE, Kernels.values(TONE, Map.of("freq", 1_000L, "level", -18.0)), 0,
				480_000, 1);
		// the breaks, read from the signal: runs where left is 0 and right is not
		List<long[]> breaks = new ArrayList<>();
		long start = -1;
		long last = -1;
		for (int s = 0; s < 480_000; s++) {
			assertEquals(tone[0][s], out[1][s], "right (channel 2) is the continuous 1 kHz tone at sample " + s);
			assertEquals(out[1][s], out[3][s], "channel 4 is right too, sample " + s);
			assertEquals(out[0][s], out[2][s], "channel 3 is left too, sample " + s);
			if (out[0][s] == 0 && out[1][s] != 0) {
				if (start < 0 || s - last > 48) {
					if (start >= 0) {
						breaks.add(new long[] {start, last + 1});
					}
					start = s;
				}
				last = s;
			} else {
				assertEquals(out[1][s], out[0][s], "left equals right outside a break, sample " + s);
			}
		}
		breaks.add(new long[] {start, last + 1});
		// 250 ms = 12000 samples from 0, 3 s (144000), 6 s and 9 s; a break starts and ends on a
		// zero crossing of the 1 kHz tone, so the first and last non-zero right samples mark it
		assertEquals(4, breaks.size(), "breaks in 10 s");
		long[][] expected = {{1, 12_000}, {144_001, 156_000}, {288_001, 300_000}, {432_001, 444_000}};
		for (int i = 0; i < 4; i++) {
			assertEquals(expected[i][0], breaks.get(i)[0], "break " + i + " first silent non-zero-tone sample");
			assertEquals(expected[i][1], breaks.get(i)[1], "break " + i + " end");
		}
		// the samples at a break's edges: the last tone sample before, the first after
		assertTrue(out[0][143_999] != 0 && out[0][156_001] != 0);
		assertEquals(0f, out[0][155_999]);
	}

	@Test
	void theCycleIsThreeSecondsForever() {
		float[][] early = tenSeconds(0, -12);
		float[][] late = tenSeconds(3L * 48_000 * 1_000_000, -12); // a million cycles later
		for (int c = 0; c < 4; c++) {
			for (int s = 0; s < 480_000; s++) {
				assertEquals(early[c][s], late[c][s], "channel " + (c + 1) + " sample " + s);
			}
		}
	}

	@Test
	void declaresOnlyLevel() {
		assertEquals("lineup", LINEUP.info().id());
		assertEquals(1, LINEUP.info().parameters().size());
		assertEquals(Parameters.LEVEL, LINEUP.info().parameters().get(0));
	}
}
