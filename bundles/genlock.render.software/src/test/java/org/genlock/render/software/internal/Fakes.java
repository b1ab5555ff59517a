package org.genlock.render.software.internal;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ParameterValues;
import org.genlock.api.shader.ShaderContext;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.Over;

/** Test doubles for the renderer's collaborators. */
final class Fakes {

	private static final AtomicLong GENERATIONS = new AtomicLong();

	private Fakes() {}

	/** A reused request, like the backend's; {@link #at(long)} does not allocate. */
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
			this.index = displayIndex;
			return this;
		}

		/** Swaps the program with a new generation, unique like the backend's. */
		Request program(Program p) {
			this.program = p;
			this.generation = GENERATIONS.incrementAndGet();
			return this;
		}

		/** Changes the program without bumping the generation (a backend bug, for caching tests). */
		Request programSameGeneration(Program p) {
			this.program = p;
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

	/** Records what the session reported. */
	static final class Completion implements RenderCompletion {
		long rendered;
		long lastIndex = -1;
		FrameBuffer lastTarget;
		final List<String> failures = new ArrayList<>();

		@Override
		public void rendered(FrameBuffer target, long displayIndex, long renderNanos) {
			rendered++;
			lastIndex = displayIndex;
			lastTarget = target;
		}

		@Override
		public void failed(FrameBuffer target, long displayIndex, String reason) {
			lastIndex = displayIndex;
			lastTarget = target;
			failures.add(reason);
		}
	}

	/** A shader filling its rows with the premultiplied {@code color} parameter. */
	static final class Solid implements ShaderProvider, CpuKernel {
		private final ShaderInfo info;
		volatile RuntimeException failWith;

		Solid(String id) {
			info = new ShaderInfo(id, "Solid " + id, "1", List.of(
					new ShaderParameter("color", ParameterType.COLOR, null, null, new float[] {1, 1, 1, 1}, "Colour")));
		}

		@Override
		public ShaderInfo info() {
			return info;
		}

		@Override
		public String glslFragment() {
			return "vec4 mainImage(vec2 fragCoord) { return color; }";
		}

		@Override
		public Optional<CpuKernel> cpuKernel() {
			return Optional.of(this);
		}

		@Override
		public void render(FrameBuffer target, int y0, int y1, ShaderContext context, ParameterValues values) {
			RuntimeException e = failWith;
			if (e != null && y0 == 0) {
				throw e;
			}
			int argb = c(values, 3) << 24 | c(values, 0) << 16 | c(values, 1) << 8 | c(values, 2);
			int opacity = Over.opacity8(context.opacity());
			for (int y = y0; y < y1; y++) {
				Over.fill(target.pixels(), y * target.rowBytes(), 0, target.format().width(), argb, opacity);
			}
		}

		private static int c(ParameterValues v, int component) {
			return Math.round(v.getComponent(0, component) * 255);
		}
	}

	/** A shader with a GLSL fragment only. */
	static final class GlOnly implements ShaderProvider {
		@Override
		public ShaderInfo info() {
			return new ShaderInfo("glonly", "GL only", "1", List.of());
		}

		@Override
		public String glslFragment() {
			return "vec4 mainImage(vec2 fragCoord) { return vec4(1.0); }";
		}

		@Override
		public Optional<CpuKernel> cpuKernel() {
			return Optional.empty();
		}
	}

	static SoftwareRenderer.Config config(int threads, int bandHeight) {
		return new SoftwareRenderer.Config() {
			@Override
			public Class<? extends Annotation> annotationType() {
				return SoftwareRenderer.Config.class;
			}

			@Override
			public int threads() {
				return threads;
			}

			@Override
			public int band_height() {
				return bandHeight;
			}
		};
	}
}
