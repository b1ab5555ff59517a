package org.genlock.audio.basic.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.genlock.api.audio.AudioSourceProvider;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.render.Completion;
import org.genlock.itest.support.render.TestFrame;
import org.genlock.itest.support.render.TestRequest;
import org.genlock.shader.support.ResolvedParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The flash shader in a real framework, rendered by the software renderer (CPU kernel) and
 * the GL renderer (GLSL): white on exactly the frames whose audio carries the sync source's
 * burst, transparent on the others, past 2^31 frames too (where the GLSL needs
 * {@code iFrameHigh}).
 */
@ExtendWith(ServiceExtension.class)
class FlashShaderTest {

	static final int WHITE = 0xFFFFFFFF;
	static final int TRANSPARENT = 0x00000000;
	static final Program FLASH = Program.parse("flash");

	@InjectService(filter = "(genlock.shader.id=flash)", timeout = 20_000)
	ServiceAware<ShaderProvider> flash;

	@InjectService(filter = "(genlock.audio.id=sync)", timeout = 20_000)
	AudioSourceProvider sync;

	@InjectService(filter = "(genlock.renderer.id=software)", timeout = 20_000)
	Renderer software;

	@InjectService(filter = "(genlock.renderer.id=gl)", timeout = 20_000)
	Renderer gl;

	@Test
	void registeredWithItsIdAndBothImplementations() {
		ServiceReference<ShaderProvider> ref = flash.getServiceReference();
		assertThat(ref.getProperty("genlock.shader.id")).isEqualTo("flash");
		assertThat(ref.getBundle().getSymbolicName()).isEqualTo("genlock.audio.basic");
		ShaderProvider shader = flash.getService();
		assertThat(shader.info().id()).isEqualTo("flash");
		assertThat(shader.info().parameters()).isEmpty();
		Optional<CpuKernel> kernel = shader.cpuKernel();
		assertThat(kernel).isPresent();
		assertThat(shader.glslFragment()).contains("vec4 mainImage(vec2 fragCoord)").doesNotContain("void main");
	}

	/** The frames of {@code [from, from + frames)} whose sync audio (at the given parameters) is not silent. */
	List<Long> burstFrames(VideoFormat format, String syncText, long from, int frames) {
		FrameTime time = format.frameTime();
		Program p = Program.parse("; audio: " + syncText);
		ResolvedParameters v = ResolvedParameters.resolve(sync.info(), p.audio().get(0).parameters());
		assertThat(v.problems()).isEmpty();
		float[][] out = new float[2][time.maxAudioSamples(48_000)];
		List<Long> bursts = new ArrayList<>();
		for (long i = from; i < from + frames; i++) {
			int count = time.audioSamples(i, 48_000);
			sync.kernel().generate(v, time.audioSampleOffset(i, 48_000), count, 2, 48_000, out);
			for (int k = 0; k < count; k++) {
				if (out[0][k] != 0) {
					bursts.add(i);
					break;
				}
			}
		}
		return bursts;
	}

	/** The frames of {@code [from, from + frames)} the renderer paints white; every other one must be transparent. */
	static List<Long> flashFrames(Renderer renderer, VideoFormat format, long from, int frames) throws Exception {
		List<Long> white = new ArrayList<>();
		try (RenderSession session = renderer.open(format)) {
			TestRequest request = new TestRequest(format).program(FLASH);
			Completion done = new Completion();
			TestFrame frame = new TestFrame(format);
			for (long i = from; i < from + frames; i++) {
				frame.scribble();
				long before = done.reports();
				session.render(request.at(i), frame, done);
				long deadline = System.nanoTime() + 20_000_000_000L; // GL renders on its own thread
				while (done.reports() == before && System.nanoTime() < deadline) {
					Thread.sleep(1);
				}
				assertThat(done.rendered.get()).as("%s rendered frame %d (failure: %s)", renderer.info().id(), i,
						done.lastReason).isEqualTo(i - from + 1);
				int first = frame.argb(0, 0);
				assertThat(first).as("%s frame %d is white or transparent", renderer.info().id(), i)
						.isIn(WHITE, TRANSPARENT);
				for (int y = 0; y < format.height(); y++) {
					for (int x = 0; x < format.width(); x++) {
						if (frame.argb(x, y) != first) {
							throw new AssertionError(renderer.info().id() + " frame " + i + " pixel (" + x + ", "
									+ y + ") is " + Integer.toHexString(frame.argb(x, y)) + ", not like (0, 0)");
						}
					}
				}
				if (first == WHITE) {
					white.add(i);
				}
			}
		}
		return white;
	}

	@ParameterizedTest(name = "{0} from {1}: {2}")
	@CsvSource(delimiter = '|', value = {
			"64x36p25   | 0          | sync(fps=25)",
			"64x36p50   | 0          | sync",
			"64x36p2997 | 0          | sync(fps=30, fractional=true)",
			"64x36p5994 | 0          | sync(fps=60, fractional=true)",
			"64x36p5994 | 6442450900 | sync(fps=60, fractional=true)",
			"64x36p50   | 4294967250 | sync(fps=50)" })
	void bothRenderersFlashOnTheBurstFrames(String name, long from, String syncText) throws Exception {
		VideoFormat format = VideoFormat.parse(name);
		int frames = (int) (2 * format.frameRate().numerator() / format.frameRate().denominator()) + 3;
		List<Long> bursts = burstFrames(format, syncText, from, frames);
		assertThat(bursts).as("two or three bursts in two seconds").hasSizeBetween(2, 3);
		assertThat(flashFrames(software, format, from, frames)).as("software renderer").isEqualTo(bursts);
		assertThat(flashFrames(gl, format, from, frames)).as("GL renderer").isEqualTo(bursts);
	}
}
