package org.genlock.render.gl.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.genlock.api.render.Program;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.render.Completion;
import org.genlock.itest.support.render.Pixels;
import org.genlock.itest.support.render.TestFrame;
import org.genlock.itest.support.render.TestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The same programs rendered by the software and the GL renderer in one framework: bars are
 * identical and match the golden SHA-256 kept in {@code golden/bars.sha256}; zone plate and
 * timecode differ by at most {@value #MAX_LEVELS} level per channel and a mean of at most
 * {@value #MAX_MEAN} levels (rounding of float GLSL against the kernels' integer arithmetic,
 * and of fixed-function blending).
 */
@ExtendWith(ServiceExtension.class)
class PixelVerificationTest {

	static final int MAX_LEVELS = 2;
	static final double MAX_MEAN = 0.2;

	@InjectService(filter = "(genlock.renderer.id=gl)", timeout = 20_000)
	Renderer gl;

	@InjectService(filter = "(genlock.renderer.id=software)", timeout = 20_000)
	Renderer software;

	static Map<String, String> golden() throws Exception {
		Map<String, String> m = new HashMap<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(
				PixelVerificationTest.class.getResourceAsStream("/golden/bars.sha256"), StandardCharsets.US_ASCII))) {
			for (String line; (line = r.readLine()) != null;) {
				if (!line.isBlank() && !line.startsWith("#")) {
					String[] f = line.trim().split("\\s+");
					m.put(f[0], f[1]);
				}
			}
		}
		return m;
	}

	static TestFrame render(Renderer renderer, VideoFormat format, Program program, long index) throws Exception {
		try (RenderSession session = renderer.open(format)) {
			TestFrame frame = new TestFrame(format).scribble();
			Completion done = new Completion();
			session.render(new TestRequest(format).program(program).at(index), frame, done);
			long deadline = System.nanoTime() + 10_000_000_000L;
			while (done.reports() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			assertThat(done.rendered.get()).as("%s rendered %s (failure: %s)", renderer.info().id(), program,
					done.lastReason).isEqualTo(1);
			assertThat(done.lastIndex).isEqualTo(index);
			return frame;
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "720p50", "1080p50" })
	void barsAreIdenticalOnBothRenderersAndMatchTheGoldenHash(String name) throws Exception {
		VideoFormat format = VideoFormat.parse(name);
		Program bars = Program.parse("bars");
		TestFrame cpu = render(software, format, bars, 0);
		TestFrame glFrame = render(gl, format, bars, 0);
		String key = format.width() + "x" + format.height();
		assertThat(Support.sha256(cpu)).as("software bars %s", key).isEqualTo(golden().get(key));
		assertThat(Support.sha256(glFrame)).as("GL bars %s", key).isEqualTo(golden().get(key));
		Support.Difference d = Support.Difference.of(glFrame, cpu);
		System.out.println("pixel verification bars " + key + ": max " + d.max() + ", mean " + d.mean());
		assertThat(d.differingPixels()).isZero();
	}

	@Test
	void zonePlateAndTimecodeAreWithinTheStatedTolerance() throws Exception {
		VideoFormat format = VideoFormat.parse("720p50");
		for (String text : new String[] { "zoneplate", "zoneplate(scale=0.5, speed=-3)", "bars | timecode",
				"zoneplate | timecode(position=4, size=1.5)@0.75" }) {
			Program program = Program.parse(text);
			for (long index : new long[] { 0, 49, 123_456 }) {
				TestFrame cpu = render(software, format, program, index);
				TestFrame glFrame = render(gl, format, program, index);
				Support.Difference d = Support.Difference.of(glFrame, cpu);
				System.out.printf("pixel verification %s @%d: max %d, mean %.5f, %d pixels differ%n", text, index,
						d.max(), d.mean(), d.differingPixels());
				assertThat(d.max()).as("max level difference of %s @%d", text, index).isLessThanOrEqualTo(MAX_LEVELS);
				assertThat(d.mean()).as("mean level difference of %s @%d", text, index).isLessThanOrEqualTo(MAX_MEAN);
				if (text.contains("timecode") && !text.contains("@")) {
					assertThat(Pixels.decodeStrip(glFrame)).as("GL display-index strip").isEqualTo(index);
				}
			}
		}
	}
}
