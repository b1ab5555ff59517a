package org.genlock.audio.basic.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.Rational;
import org.genlock.shader.support.ResolvedParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The four audio sources of genlock.audio.basic in a real framework: registered by
 * {@code genlock.audio.id} with the documented parameters, resolved from program text the
 * way the engine resolves a layer, and generating a frame's samples at the samples
 * {@link FrameTime} gives that frame.
 */
@ExtendWith(ServiceExtension.class)
class AudioSourcesTest {

	static final int RATE = 48_000;
	static final double MINUS_18_DBFS = Math.pow(10, -18 / 20.0);

	@InjectService(filter = "(genlock.audio.id=tone)", timeout = 20_000)
	ServiceAware<AudioSourceProvider> tone;

	@InjectService(filter = "(genlock.audio.id=lineup)", timeout = 20_000)
	ServiceAware<AudioSourceProvider> lineup;

	@InjectService(filter = "(genlock.audio.id=silence)", timeout = 20_000)
	ServiceAware<AudioSourceProvider> silence;

	@InjectService(filter = "(genlock.audio.id=sync)", timeout = 20_000)
	ServiceAware<AudioSourceProvider> sync;

	static ShaderParameter freq() {
		return new ShaderParameter("freq", ParameterType.INT, 20L, 20_000L, 1_000L, "Frequency (Hz)");
	}

	static ShaderParameter level() {
		return new ShaderParameter("level", ParameterType.FLOAT, -60.0, 0.0, -18.0, "Level (dBFS peak)");
	}

	@Test
	void fourSourcesAreRegisteredByIdWithTheirParameters() {
		check(tone, "tone", List.of(freq(), level()));
		check(lineup, "lineup", List.of(level()));
		check(silence, "silence", List.of());
		ShaderInfo info = check(sync, "sync", null);
		assertThat(info.parameters()).extracting(ShaderParameter::name).containsExactly("freq", "level", "fps",
				"fractional");
		assertThat(info.parameters().subList(0, 2)).containsExactly(freq(), level());
		ShaderParameter fps = info.parameters().get(2);
		assertThat(fps.type()).isEqualTo(ParameterType.INT);
		assertThat(List.of(fps.min(), fps.max(), fps.defaultValue())).containsExactly(0L, 240L, 0L);
		ShaderParameter fractional = info.parameters().get(3);
		assertThat(fractional.type()).isEqualTo(ParameterType.BOOL);
		assertThat(fractional.defaultValue()).isEqualTo(false);
	}

	private static ShaderInfo check(ServiceAware<AudioSourceProvider> aware, String id, List<ShaderParameter> params) {
		ServiceReference<AudioSourceProvider> ref = aware.getServiceReference();
		assertThat(ref.getProperty(AudioSourceProvider.ID_PROPERTY)).isEqualTo(id);
		assertThat(ref.getBundle().getSymbolicName()).isEqualTo("genlock.audio.basic");
		assertThat(aware.getServices()).as("one %s source", id).hasSize(1);
		AudioSourceProvider source = aware.getService();
		ShaderInfo info = source.info();
		assertThat(info.id()).isEqualTo(id);
		assertThat(info.name()).isNotBlank();
		assertThat(source.kernel()).as("the same kernel each time").isSameAs(source.kernel());
		if (params != null) {
			assertThat(info.parameters()).isEqualTo(params);
		}
		return info;
	}

	/** Resolves a program's audio layer against the source as the engine would; no problems allowed. */
	static ParameterValues resolve(AudioSourceProvider source, Layer layer) {
		ResolvedParameters r = ResolvedParameters.resolve(source.info(), layer.parameters());
		assertThat(r.problems()).as("problems resolving %s", layer).isEmpty();
		return r;
	}

	/** Generates frame {@code index} at a frame rate, as the engine fills a slot's audio. */
	static float[][] frame(AudioSourceProvider source, ParameterValues values, Rational rate, long index,
			int channels) {
		FrameTime time = new FrameTime(rate);
		int count = time.audioSamples(index, RATE);
		float[][] out = new float[channels][count];
		for (float[] c : out) {
			java.util.Arrays.fill(c, Float.NaN);
		}
		source.kernel().generate(values, time.audioSampleOffset(index, RATE), count, channels, RATE, out);
		return out;
	}

	static float peak(float[] samples) {
		float p = 0;
		for (float x : samples) {
			assertThat(Float.isNaN(x)).as("every sample written").isFalse();
			p = Math.max(p, Math.abs(x));
		}
		return p;
	}

	@Test
	void eachSourceGeneratesAFrameFromProgramText() {
		Program program = Program.parse(
				"flash ; audio: tone(freq=1000, level=-18) + lineup(level=-18) + silence + sync(fps=30, fractional=true)");
		List<Layer> audio = program.audio();
		assertThat(audio).extracting(Layer::shaderId).containsExactly("tone", "lineup", "silence", "sync");
		Rational p50 = Rational.of(50);
		Rational p2997 = Rational.of(30_000, 1_001);

		// tone: 960 samples of 1 kHz at 50p carry the -18 dBFS peak, the same on all 8 channels
		float[][] t = frame(tone.getService(), resolve(tone.getService(), audio.get(0)), p50, 50, 8);
		assertThat((double) peak(t[0])).isCloseTo(MINUS_18_DBFS, org.assertj.core.data.Offset.offset(1e-6));
		for (int c = 1; c < 8; c++) {
			assertThat(t[c]).isEqualTo(t[0]);
		}

		// lineup: frame 0 is inside the left channel's first break, frame 13 (sample 12480) after it
		ParameterValues l = resolve(lineup.getService(), audio.get(1));
		float[][] first = frame(lineup.getService(), l, p50, 0, 2);
		assertThat(peak(first[0])).as("left in the break").isZero();
		assertThat((double) peak(first[1])).as("right").isCloseTo(MINUS_18_DBFS, org.assertj.core.data.Offset.offset(1e-6));
		float[][] after = frame(lineup.getService(), l, p50, 13, 2);
		assertThat(after[0]).as("left after the break").isEqualTo(after[1]);
		assertThat(peak(after[0])).isPositive();

		// silence
		float[][] s = frame(silence.getService(), resolve(silence.getService(), audio.get(2)), p50, 7, 16);
		for (float[] c : s) {
			assertThat(peak(c)).isZero();
		}

		// sync at 29.97: frame 30 (samples 48048..49648) is the burst, frames 29 and 31 are silent
		ParameterValues v = resolve(sync.getService(), audio.get(3));
		float[][] burst = frame(sync.getService(), v, p2997, 30, 2);
		assertThat(burst[0]).hasSize(1_601);
		assertThat(burst[0][0]).as("phase 0 on the frame's first sample").isZero();
		assertThat(burst[0][1]).isPositive();
		assertThat((double) peak(burst[0])).isCloseTo(MINUS_18_DBFS, org.assertj.core.data.Offset.offset(1e-6));
		assertThat(peak(frame(sync.getService(), v, p2997, 29, 2)[0])).isZero();
		assertThat(peak(frame(sync.getService(), v, p2997, 31, 2)[0])).isZero();
	}

	@Test
	void badValuesAreReportedWithTheAllowedRange() {
		Program program = Program.parse("; audio: tone(freq=0, level=6) + sync(fps=2997)");
		ResolvedParameters t = ResolvedParameters.resolve(tone.getService().info(), program.audio().get(0).parameters());
		assertThat(String.join("\n", t.problems())).contains("freq").contains("[20, 20000]").contains("level")
				.contains("[-60.0, 0.0]");
		ResolvedParameters s = ResolvedParameters.resolve(sync.getService().info(), program.audio().get(1).parameters());
		assertThat(String.join("\n", s.problems())).contains("fps").contains("[0, 240]");
	}
}
