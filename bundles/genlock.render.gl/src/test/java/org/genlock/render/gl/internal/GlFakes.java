package org.genlock.render.gl.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.ResolvedParameters;
import org.genlock.shader.support.testing.TestContext;
import org.genlock.shader.support.testing.TestFrame;

/** Test doubles and the CPU reference picture for the GL renderer's tests. */
final class GlFakes {

	private GlFakes() {}

	/** A configuration as SCR would pass it. */
	static GlRenderer.Config config(int depth, String platform) {
		return (GlRenderer.Config) Proxy.newProxyInstance(GlRenderer.Config.class.getClassLoader(),
				new Class<?>[] { GlRenderer.Config.class }, (proxy, method, args) -> switch (method.getName()) {
					case "readback_depth" -> depth;
					case "platform" -> platform;
					case "annotationType" -> GlRenderer.Config.class;
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	/** A renderer activated with the real shaders bound. */
	static GlRenderer renderer(int depth, ShaderProvider... shaders) {
		GlRenderer r = new GlRenderer();
		r.activate(config(depth, "auto"));
		for (ShaderProvider s : shaders) {
			r.addShader(s, Map.of("service.id", (long) System.identityHashCode(s)));
		}
		return r;
	}

	/** The backend's reused request. */
	static final class Request implements RenderRequest {
		private final VideoFormat format;
		private final FrameTime time;
		private long index;
		private Program program = Program.EMPTY;
		private long generation;

		Request(VideoFormat format) {
			this.format = format;
			this.time = format.frameTime();
		}

		Request at(long displayIndex) {
			index = displayIndex;
			return this;
		}

		Request program(Program p) {
			program = p;
			generation++;
			return this;
		}

		@Override
		public long displayIndex() {
			return index;
		}

		@Override
		public VideoFormat format() {
			return format;
		}

		@Override
		public long frameTimeNanos() {
			return time.nanosOf(index);
		}

		@Override
		public long timecodeFrames() {
			return index;
		}

		@Override
		public boolean dropFrame() {
			return false;
		}

		@Override
		public Program program() {
			return program;
		}

		@Override
		public long programGeneration() {
			return generation;
		}
	}

	/** Records every report, in order. */
	static final class Reports implements RenderCompletion {
		record Report(FrameBuffer target, long index, String failure) {}

		final List<Report> all = new CopyOnWriteArrayList<>();

		@Override
		public void rendered(FrameBuffer target, long displayIndex, long renderNanos) {
			all.add(new Report(target, displayIndex, null));
		}

		@Override
		public void failed(FrameBuffer target, long displayIndex, String reason) {
			all.add(new Report(target, displayIndex, reason));
		}

		long failures() {
			return all.stream().filter(r -> r.failure != null).count();
		}
	}

	/** The picture the software renderer makes: transparent black, then each layer's CPU kernel over it. */
	static TestFrame cpu(VideoFormat format, long index, List<ShaderProvider> providers, Program program) {
		TestFrame frame = TestFrame.of(format);
		for (Layer layer : program.layers()) {
			ShaderProvider p = providers.stream().filter(s -> s.info().id().equals(layer.shaderId())).findFirst()
					.orElseThrow();
			Optional<CpuKernel> kernel = p.cpuKernel();
			ShaderInfo info = p.info();
			kernel.orElseThrow().render(frame, 0, format.height(),
					new TestContext(format).at(index).opacity(layer.opacity()),
					ResolvedParameters.resolve(info, layer.parameters()));
		}
		return frame;
	}

	/** Per-channel absolute differences of two BGRA8 frames. */
	record Difference(int max, double mean, long differingPixels) {
		static Difference of(FrameBuffer a, FrameBuffer b) {
			VideoFormat f = a.format();
			int max = 0;
			long sum = 0;
			long differing = 0;
			for (int y = 0; y < f.height(); y++) {
				for (int x = 0; x < f.width(); x++) {
					int p = a.pixels().getInt(y * a.rowBytes() + 4 * x);
					int q = b.pixels().getInt(y * b.rowBytes() + 4 * x);
					if (p != q) {
						differing++;
					}
					for (int s = 0; s < 32; s += 8) {
						int d = Math.abs(((p >>> s) & 0xFF) - ((q >>> s) & 0xFF));
						max = Math.max(max, d);
						sum += d;
					}
				}
			}
			return new Difference(max, sum / (4.0 * f.width() * f.height()), differing);
		}
	}
}
