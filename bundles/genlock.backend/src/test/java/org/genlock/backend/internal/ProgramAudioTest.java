package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.genlock.api.audio.AudioKernel;
import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.render.Program;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.Test;

/** The worker's audio: program audio on fresh frames, silence with fades on fills, cross-fades. */
class ProgramAudioTest {

	private static final VideoFormat FORMAT = VideoFormat.parse("64x36p50");

	/** A stateless sine at freq Hz and amplitude amp (test source). */
	private static AudioSourceProvider sine(String id) {
		ShaderInfo info = new ShaderInfo(id, id, "1", List.of(
				new ShaderParameter("freq", ParameterType.FLOAT, 20.0, 20000.0, 1000.0, "Frequency"),
				new ShaderParameter("amp", ParameterType.FLOAT, 0.0, 1.0, 0.5, "Amplitude")));
		AudioKernel k = (p, first, count, channels, rate, out) -> {
			double f = p.getDouble(0);
			double a = p.getDouble(1);
			for (int i = 0; i < count; i++) {
				float v = (float) (a * Math.sin(2 * Math.PI * f * ((first + i) % rate) / rate));
				for (int c = 0; c < channels; c++) {
					out[c][i] = v;
				}
			}
		};
		return new AudioSourceProvider() {
			@Override
			public ShaderInfo info() {
				return info;
			}

			@Override
			public AudioKernel kernel() {
				return k;
			}
		};
	}

	private final AudioSources sources = new AudioSources();
	private final OutputFramePool pool = new OutputFramePool(FORMAT, FORMAT.rowBytes(), 4, 2,
			i -> ByteBuffer.allocateDirect(FORMAT.frameBytes()));
	private final ProgramAudio audio = new ProgramAudio("ch1", FORMAT.frameTime(), 2, pool.maxAudioSamples(), sources);

	ProgramAudioTest() {
		sources.add(sine("sine"), Map.of(AudioSourceProvider.ID_PROPERTY, "sine"));
		sources.add(sine("other"), Map.of(AudioSourceProvider.ID_PROPERTY, "other"));
	}

	private static Channel.ProgramBinding program(String text, long generation) {
		return new Channel.ProgramBinding(Program.parse(text), text, generation);
	}

	/** Left channel samples of a slot as 24-bit integers. */
	private static int[] left(OutputFramePool.Slot slot) {
		AudioBuffer a = slot.audio();
		int[] out = new int[a.sampleCount()];
		for (int k = 0; k < out.length; k++) {
			out[k] = a.samples().getInt(k * a.channels() * 4) >> 8;
		}
		return out;
	}

	private static int ideal(long sample, double freq, double amp) {
		return Math.round((float) (amp * Math.sin(2 * Math.PI * freq * (sample % 48000) / 48000)) * 8_388_608f);
	}

	@Test
	void freshFramesCarryTheExactProgramSineAndAFillFadesItOutWithoutAClick() {
		Channel.ProgramBinding p = program("bars ; audio: sine(freq=1000, amp=0.5)", 1);
		OutputFramePool.Slot slot = pool.acquireForFill();
		audio.fresh(slot, 10, p); // fades in: first frame after nothing
		slot.program = p;
		audio.fresh(slot, 11, p);
		assertEquals(960, slot.audio().sampleCount());
		assertEquals(11 * 960, slot.audio().firstSample());
		int[] l = left(slot);
		for (int k = 0; k < l.length; k++) {
			assertEquals(ideal(11 * 960 + k, 1000, 0.5), l[k], "sample " + k);
		}
		audio.fill(slot, 12);
		l = left(slot);
		int maxStep = (int) (2 * Math.PI * 1000 / 48000 * 0.5 * 8_388_608) + 2;
		int previous = ideal(12 * 960 - 1, 1000, 0.5);
		for (int k = 0; k < l.length; k++) {
			assertTrue(Math.abs(l[k] - previous) <= maxStep, "step at " + k + ": " + previous + " -> " + l[k]);
			previous = l[k];
			if (k >= ProgramAudio.RAMP) {
				assertEquals(0, l[k], "silence after the fade at " + k);
			}
		}
		audio.fill(slot, 13);
		for (int v : left(slot)) {
			assertEquals(0, v);
		}
		audio.fresh(slot, 14, p); // fades back in
		l = left(slot);
		assertTrue(Math.abs(l[0]) <= maxStep, "fade-in starts near 0: " + l[0]);
		for (int k = ProgramAudio.RAMP; k < l.length; k++) {
			assertEquals(ideal(14 * 960 + k, 1000, 0.5), l[k]);
		}
	}

	@Test
	void aVideoOnlyProgramSwapLeavesTheAudioUntouchedAndAnAudioSwapCrossFades() {
		Channel.ProgramBinding p1 = program("bars ; audio: sine(freq=1000, amp=0.5)", 1);
		Channel.ProgramBinding p2 = program("zoneplate ; audio: sine(freq=1000, amp=0.5)", 2);
		Channel.ProgramBinding p3 = program("zoneplate ; audio: other(freq=440, amp=0.25)", 3);
		OutputFramePool.Slot slot = pool.acquireForFill();
		slot.program = p1;
		audio.fresh(slot, 0, p1);
		slot.program = p2;
		audio.fresh(slot, 1, p2);
		int[] l = left(slot);
		for (int k = 0; k < l.length; k++) {
			assertEquals(ideal(960 + k, 1000, 0.5), l[k], "no fade on a picture-only swap, sample " + k);
		}
		slot.program = p3;
		audio.fresh(slot, 2, p3);
		l = left(slot);
		int maxStep = (int) (2 * Math.PI * 1000 / 48000 * 0.5 * 8_388_608) + 2;
		int previous = ideal(2 * 960 - 1, 1000, 0.5);
		for (int k = 0; k < l.length; k++) {
			assertTrue(Math.abs(l[k] - previous) <= maxStep, "step at " + k);
			previous = l[k];
			if (k >= ProgramAudio.RAMP) {
				assertEquals(ideal(2 * 960 + k, 440, 0.25), l[k]);
			}
		}
	}

	@Test
	void anAbsentSourceIsSilentAndGainScales() {
		Channel.ProgramBinding p = program("; audio: missing + sine(amp=1)@0.5", 1);
		OutputFramePool.Slot slot = pool.acquireForFill();
		slot.program = p;
		audio.fresh(slot, 0, p);
		audio.fresh(slot, 1, p);
		int[] l = left(slot);
		for (int k = 0; k < l.length; k++) {
			assertEquals(ideal(960 + k, 1000, 0.5), l[k], 1);
		}
	}

	@Test
	void steadyStateAllocatesNothing() {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		Channel.ProgramBinding p = program("bars ; audio: sine(freq=997, amp=0.5)", 1);
		OutputFramePool.Slot slot = pool.acquireForFill();
		slot.program = p;
		for (int i = 0; i < 1000; i++) { // warm up (JIT)
			audio.fresh(slot, i, p);
			if (i % 7 == 0) {
				audio.fill(slot, i);
			}
		}
		long before = mx.getCurrentThreadAllocatedBytes();
		for (int i = 1000; i < 11000; i++) {
			audio.fresh(slot, i, p);
			if (i % 7 == 0) {
				audio.fill(slot, i);
			}
		}
		long bytes = mx.getCurrentThreadAllocatedBytes() - before;
		assertTrue(bytes < 10_000, "allocated " + bytes + " bytes over 10000 frames");
	}
}
