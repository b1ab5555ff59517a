package org.genlock.audio.basic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.stream.Stream;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.shader.ParameterValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every source must do: statelessness, continuity across calls, no allocation. */
class AllSourcesTest {

	private static final long DAY = 86_400L * 48_000;

	static Stream<Arguments> sources() {
		return Stream.of(
				Arguments.of(new ToneSource(), Map.of("freq", 997L, "level", -3.0)),
				Arguments.of(new LineupSource(), Map.of()),
				Arguments.of(new SilenceSource(), Map.of()),
				Arguments.of(new SyncSource(), Map.of("fps", 30L, "fractional", true)),
				Arguments.of(new SyncSource(), Map.of("fps", 50L, "freq", 440L)));
	}

	/**
	 * Starts around which a range is split at every point: sample 0, a lineup break's end
	 * (12000), a sync burst frame at 29.97 (sample 48048 = frame 30), a day later and a negative
	 * sample number.
	 */
	private static final long[] STARTS = {0, 12_000 - 1_500, 48_048 - 1_500, DAY + 48_048 * 7 - 1_000, -2_000};

	@ParameterizedTest
	@MethodSource("sources")
	void anySplitOfARangeGivesTheSameSamplesBitForBit(AudioSourceProvider source, Map<String, Object> given) {
		ParameterValues v = Kernels.values(source, given);
		int count = 3_000;
		for (long first : STARTS) {
			float[][] whole = Kernels.generate(source, v, first, count, 3);
			for (int split = 0; split <= count; split++) {
				float[][] parts = Kernels.generateSplit(source, v, first, count, 3, split);
				for (int c = 0; c < 3; c++) {
					assertArrayEquals(whole[c], parts[c], source.info().id() + " from " + first + " split at " + split
							+ ", channel " + (c + 1));
				}
			}
		}
	}

	@ParameterizedTest
	@MethodSource("sources")
	void writesEverySampleOfTheRange(AudioSourceProvider source, Map<String, Object> given) {
		float[][] out = Kernels.generate(source, Kernels.values(source, given), 47_000, 2_002, 16);
		for (int c = 0; c < 16; c++) {
			for (int k = 0; k < 2_002; k++) {
				assertTrue(Float.isFinite(out[c][k]) && Math.abs(out[c][k]) <= 1f,
						source.info().id() + " channel " + (c + 1) + " sample " + k + " is " + out[c][k]);
			}
		}
	}

	@Test
	void silenceIsZeros() {
		SilenceSource silence = new SilenceSource();
		float[][] out = Kernels.generate(silence, Kernels.values(silence, Map.of()), DAY, 1_602, 16);
		for (int c = 0; c < 16; c++) {
			for (int k = 0; k < 1_602; k++) {
				assertEquals(0f, out[c][k], "channel " + (c + 1) + " sample " + k);
				assertEquals(0, Float.floatToRawIntBits(out[c][k]), "+0.0, not -0.0");
			}
		}
		assertEquals("silence", silence.info().id());
		assertTrue(silence.info().parameters().isEmpty());
	}

	@ParameterizedTest
	@MethodSource("sources")
	void generateAllocatesNothing(AudioSourceProvider source, Map<String, Object> given) {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		ParameterValues v = Kernels.values(source, given);
		AudioKernel kernel = source.kernel();
		float[][] out = new float[2][1_602];
		long id = Thread.currentThread().getId();
		// frames of 29.97 from a day in: 1601 or 1602 samples, as the engine calls
		for (int i = 0; i < 20_000; i++) {
			kernel.generate(v, DAY + 1_601L * i, 1_601 + (i & 1), 2, 48_000, out);
		}
		mx.getThreadAllocatedBytes(id);
		long before = mx.getThreadAllocatedBytes(id);
		for (int i = 0; i < 100_000; i++) {
			kernel.generate(v, DAY + 1_601L * i, 1_601 + (i & 1), 2, 48_000, out);
		}
		long allocated = mx.getThreadAllocatedBytes(id) - before;
		assertEquals(0, allocated, source.info().id() + " allocated " + allocated + " bytes in 100000 calls");
	}
}
