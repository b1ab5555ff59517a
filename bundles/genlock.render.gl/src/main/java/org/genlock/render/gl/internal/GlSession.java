package org.genlock.render.gl.internal;

import static org.lwjgl.opengl.GL33C.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.genlock.shader.support.ShaderRegistry;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.render.RenderSession;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.Rational;
import org.genlock.api.video.Timecode;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.ResolvedParameters;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL45C;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.opengl.KHRRobustness;
import org.lwjgl.system.MemoryUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's GL rendering: its own EGL context, owned by one GL thread that is the only
 * thread touching GL. The producer thread copies each request into a preallocated job of a
 * ring and wakes the GL thread, which composites the program's layers into an FBO and reads
 * the frame back into the lent target.
 *
 * <h2>Readback</h2> With depth 0 (synchronous) the producer waits until the GL thread has
 * read the frame into the target and reported it ({@link #maxInFlight()} 1). With depth
 * {@code n > 0} the frame is read into PBO {@code seq % n}, a fence follows, and the producer
 * returns at once ({@code maxInFlight() == n}); the GL thread copies a PBO into its target
 * and reports it only after the fence has signalled, in submission order. Because the backend
 * never has more than {@code n} frames outstanding, frame {@code seq} is always reported
 * before job slot and PBO {@code seq % n} are used again.
 *
 * <h2>Context loss</h2> After every frame the GL thread asks for the reset status (robust
 * contexts). A lost context fails the frames whose pixels came from it, then the context,
 * FBO, PBOs and every program are rebuilt before the next frame.
 */
final class GlSession implements RenderSession {

	private static final Logger LOG = LoggerFactory.getLogger(GlSession.class);
	private static final int SPINS = 2_000;
	private static final long OPEN_TIMEOUT_S = 30;
	private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
	private static final long FENCE_CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

	/** A request copied for the GL thread, plus the lent target. Reused; one per ring slot. */
	private static final class Job {
		long displayIndex;
		long frameTimeNanos;
		long timecodeFrames;
		boolean dropFrame;
		Program program;
		long programGeneration;
		FrameBuffer target;
		RenderCompletion done;
		long submitNanos;
		long fence;
	}

	/** A layer ready to draw. */
	private record ReadyLayer(GlslProgram program, float opacity, ResolvedParameters values) {}

	private final VideoFormat format;
	private final ShaderRegistry shaders;
	private final Egl.Display display;
	private final int depth;
	private final Consumer<GlSession> onClose;
	private final Job[] jobs;
	private final Thread glThread;
	private final CountDownLatch started = new CountDownLatch(1);
	private final GlslProgram.FrameValues frame = new GlslProgram.FrameValues();
	private final Rational rate;
	private final int nominalRate;
	private final boolean dropFrameRate;
	private final int frameBytes;

	// Producer -> GL thread.
	private volatile long submitted;
	private volatile long reported;
	private volatile Thread producer;
	private volatile boolean rendering;
	private volatile boolean stopping;
	private final AtomicBoolean closed = new AtomicBoolean();
	private volatile boolean simulateLoss;
	private volatile Throwable startFailure;
	private volatile long contextGeneration;
	private volatile int liveObjects;

	// GL thread only.
	private static final int MEASURE_FRAMES = 50;
	private int measured;
	private long measuredNanos;
	private long measuredMax;
	private boolean measureLogged;
	private long processed;
	private long retired;
	private long context;
	private boolean robust;
	private GLCapabilities caps;
	private int vertexShader;
	private int vao;
	private int fbo;
	private int colour;
	private int[] pbos = new int[0];
	private final Map<ShaderProvider, GlslProgram> compiled = new IdentityHashMap<>();
	private final Map<ShaderProvider, String> rejected = new IdentityHashMap<>();
	private final Map<String, GlslProgram> lastGood = new java.util.HashMap<>();
	private ReadyLayer[] layers = new ReadyLayer[0];
	private long resolvedGeneration = -1;
	private ShaderRegistry.Snapshot resolvedShaders;
	private volatile Set<String> skippedIds = Set.of();

	GlSession(VideoFormat format, ShaderRegistry shaders, Egl.Display display, int depth, String name,
			Consumer<GlSession> onClose) throws RenderException {
		this.format = format;
		this.shaders = shaders;
		this.display = display;
		this.depth = depth;
		this.onClose = onClose;
		this.rate = format.frameRate();
		this.nominalRate = Timecode.nominalRate(rate);
		this.dropFrameRate = Timecode.isDropFrameRate(rate);
		this.frameBytes = format.width() * 4 * format.height();
		this.jobs = new Job[maxInFlight()];
		for (int i = 0; i < jobs.length; i++) {
			jobs[i] = new Job();
		}
		frame.width = format.width();
		frame.height = format.height();
		frame.timecodeRate = nominalRate;
		this.glThread = new Thread(this::run, name + "-gl");
		glThread.setDaemon(true);
		glThread.start();
		try {
			if (!started.await(OPEN_TIMEOUT_S, TimeUnit.SECONDS)) {
				stopping = true;
				LockSupport.unpark(glThread);
				throw new RenderException("the GL context for " + format.name() + " was not ready within "
						+ OPEN_TIMEOUT_S + " s");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			stopping = true;
			LockSupport.unpark(glThread);
			throw new RenderException("interrupted while opening the GL context for " + format.name(), e);
		}
		Throwable failure = startFailure;
		if (failure != null) {
			join();
			throw new RenderException("cannot render " + format.name() + " with OpenGL: " + failure.getMessage(),
					failure);
		}
	}

	@Override
	public int maxInFlight() {
		return Math.max(1, depth);
	}

	/** The GL thread, for tests. */
	Thread glThread() {
		return glThread;
	}

	/** How often the context was (re)built; 1 after open. */
	long contextGeneration() {
		return contextGeneration;
	}

	/** GL objects currently alive (programs, shaders, buffers, textures), for tests. */
	int liveObjects() {
		return liveObjects;
	}

	/** Shader ids of the current program whose layers are skipped. */
	Set<String> skippedShaderIds() {
		return skippedIds;
	}

	/** Makes the GL thread treat its context as lost after the next frame, as a driver reset would. */
	void simulateContextLoss() {
		simulateLoss = true;
	}

	// ------------------------------------------------------------------ producer side

	@Override
	public void render(RenderRequest request, FrameBuffer target, RenderCompletion done) {
		rendering = true;
		try {
			String problem = closed.get() ? "the GL render session for " + format.name() + " is closed"
					: !glThread.isAlive() ? "the GL thread of the session for " + format.name() + " has ended"
							: mismatch(target);
			if (problem != null) {
				done.failed(target, request.displayIndex(), problem);
				return;
			}
			long seq = submitted;
			Job job = jobs[(int) (seq % jobs.length)];
			job.submitNanos = System.nanoTime();
			job.displayIndex = request.displayIndex();
			job.frameTimeNanos = request.frameTimeNanos();
			job.timecodeFrames = request.timecodeFrames();
			job.dropFrame = request.dropFrame();
			job.program = request.program();
			job.programGeneration = request.programGeneration();
			job.target = target;
			job.done = done;
			if (depth == 0) {
				producer = Thread.currentThread();
			}
			submitted = seq + 1; // publishes the job
			LockSupport.unpark(glThread);
			if (depth == 0) {
				awaitReported(seq + 1);
			}
		} catch (Throwable t) { // never throw to the backend
			done.failed(target, request.displayIndex(), "GL rendering failed: " + t);
		} finally {
			rendering = false;
		}
	}

	private String mismatch(FrameBuffer target) {
		VideoFormat f = target.format();
		if (f.width() != format.width() || f.height() != format.height() || f.pixelFormat() != format.pixelFormat()
				|| target.rowBytes() < format.rowBytes() || (target.rowBytes() & 3) != 0) {
			return "target frame " + f.name() + " " + f.pixelFormat() + " (row bytes " + target.rowBytes()
					+ ") does not match the session format " + format.name() + " " + format.pixelFormat()
					+ " (row bytes a multiple of 4)";
		}
		return null;
	}

	private void awaitReported(long count) {
		int spins = 0;
		while (reported < count) {
			if (!glThread.isAlive() && reported < count) {
				return; // the GL thread reported everything it took before it ended
			}
			if (spins++ < SPINS) {
				Thread.onSpinWait();
			} else {
				LockSupport.parkNanos(this, 1_000_000);
			}
		}
	}

	// ------------------------------------------------------------------ GL thread

	private void run() {
		try {
			createContext();
		} catch (Throwable t) {
			startFailure = t;
			releaseQuietly();
			started.countDown();
			return;
		}
		started.countDown();
		try {
			loop();
		} catch (Throwable t) {
			LOG.error("The GL thread of the render session for {} failed; its frames are reported failed",
					format.name(), t);
			failOutstanding("the GL thread failed: " + t);
		} finally {
			releaseQuietly();
		}
	}

	private void loop() {
		while (true) {
			if (processed < submitted) {
				process();
				continue;
			}
			if (retired < processed) {
				Job oldest = jobs[(int) (retired % jobs.length)];
				long timeout = stopping ? FENCE_CLOSE_TIMEOUT_NANOS : 0;
				int status = glClientWaitSync(oldest.fence, GL_SYNC_FLUSH_COMMANDS_BIT, timeout);
				if (status == GL_ALREADY_SIGNALED || status == GL_CONDITION_SATISFIED) {
					retire(oldest);
				} else if (status == GL_WAIT_FAILED || stopping) {
					failTaken(status == GL_WAIT_FAILED ? "waiting for the GL fence failed"
							: "the GPU did not finish the frame before the session closed");
				} else {
					LockSupport.parkNanos(this, 200_000);
				}
				continue;
			}
			if (stopping) {
				return;
			}
			LockSupport.park(this);
		}
	}

	/** Takes the next job: draws it and reads it back (synchronously, or into its PBO with a fence). */
	private void process() {
		long seq = processed;
		Job job = jobs[(int) (seq % jobs.length)];
		processed = seq + 1;
		if (job.programGeneration != resolvedGeneration || shaders.snapshot() != resolvedShaders) {
			ShaderRegistry.Snapshot bound = shaders.snapshot();
			resolve(job.program, bound, job.programGeneration != resolvedGeneration);
			resolvedShaders = bound;
			resolvedGeneration = job.programGeneration;
		}
		setFrameValues(job);
		draw();
		if (depth == 0) {
			glPixelStorei(GL_PACK_ROW_LENGTH, job.target.rowBytes() / 4);
			nglReadPixels(0, 0, format.width(), format.height(), GL_BGRA, GL_UNSIGNED_BYTE,
					MemoryUtil.memAddress(job.target.pixels()));
			boolean lost = lost();
			retired = processed;
			if (lost) {
				try {
					rebuild(); // before the report: the next frame must find the new context
				} finally {
					fail(job, "the GL context was lost while rendering");
				}
			} else {
				report(job);
			}
			return;
		}
		glBindBuffer(GL_PIXEL_PACK_BUFFER, pbos[(int) (seq % depth)]);
		glPixelStorei(GL_PACK_ROW_LENGTH, 0);
		nglReadPixels(0, 0, format.width(), format.height(), GL_BGRA, GL_UNSIGNED_BYTE, 0L);
		glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
		job.fence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
		glFlush();
		if (lost()) {
			// every frame read back from this context is undefined, this one included
			failTaken("the GL context was lost while rendering");
			rebuild();
		}
	}

	private void setFrameValues(Job job) {
		frame.timeSeconds = (float) (job.frameTimeNanos / 1e9);
		frame.frameLow = (int) (job.displayIndex & 0x7FFF_FFFFL);
		frame.frameHigh = (int) ((job.displayIndex >>> 31) & 0x7FFF_FFFFL);
		boolean drop = job.dropFrame && dropFrameRate;
		frame.dropFrame = drop;
		frame.timecodeLabel = (int) Timecode.labelOf(job.timecodeFrames, rate, drop);
	}

	private void draw() {
		glBindFramebuffer(GL_FRAMEBUFFER, fbo);
		glViewport(0, 0, format.width(), format.height());
		glClearColor(0f, 0f, 0f, 0f);
		glClear(GL_COLOR_BUFFER_BIT);
		glBindVertexArray(vao);
		for (ReadyLayer layer : layers) {
			layer.program.use(frame, layer.opacity, layer.values);
			glDrawArrays(GL_TRIANGLES, 0, 3);
		}
	}

	/** Copies a PBO whose fence has signalled into its target and reports it. */
	private void retire(Job job) {
		glDeleteSync(job.fence);
		job.fence = 0;
		int pbo = pbos[(int) (retired % depth)];
		glBindBuffer(GL_PIXEL_PACK_BUFFER, pbo);
		long source = nglMapBufferRange(GL_PIXEL_PACK_BUFFER, 0, frameBytes, GL_MAP_READ_BIT);
		if (source == 0L) {
			glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
			retired++;
			fail(job, "mapping the readback buffer failed (GL error 0x" + Integer.toHexString(glGetError()) + ")");
			return;
		}
		long dest = MemoryUtil.memAddress(job.target.pixels());
		int stride = job.target.rowBytes();
		int row = format.width() * 4;
		if (stride == row) {
			MemoryUtil.memCopy(source, dest, frameBytes);
		} else {
			for (int y = 0; y < format.height(); y++) {
				MemoryUtil.memCopy(source + (long) y * row, dest + (long) y * stride, row);
			}
		}
		glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
		glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
		retired++;
		report(job);
	}

	private void report(Job job) {
		FrameBuffer target = job.target;
		RenderCompletion done = job.done;
		long index = job.displayIndex;
		long nanos = System.nanoTime() - job.submitNanos;
		measure(nanos);
		job.target = null;
		job.done = null;
		job.program = null;
		done.rendered(target, index, nanos);
		afterReport();
	}

	private void fail(Job job, String reason) {
		FrameBuffer target = job.target;
		RenderCompletion done = job.done;
		job.target = null;
		job.done = null;
		job.program = null;
		if (target != null) {
			done.failed(target, job.displayIndex, reason);
		}
		afterReport();
	}

	private void afterReport() {
		reported = reported + 1; // GL thread is the only writer
		Thread p = producer;
		if (p != null) {
			LockSupport.unpark(p);
		}
	}

	/**
	 * Logs how long frames take, request to report, once after the first
	 * {@link #MEASURE_FRAMES} and then at DEBUG every block: on llvmpipe a 1080p frame takes
	 * several frame periods, which the backend needs to know and the operator to see. GL thread.
	 */
	private void measure(long nanos) {
		measuredNanos += nanos;
		measuredMax = Math.max(measuredMax, nanos);
		if (++measured < MEASURE_FRAMES) {
			return;
		}
		long average = measuredNanos / measured;
		if (!measureLogged) {
			measureLogged = true;
			LOG.info("GL render session for {}: a frame takes {} ms on average, {} ms at most, over the first {} frames "
					+ "({} frames per second at most)", format.name(), String.format(java.util.Locale.ROOT, "%.1f",
							average / 1e6), String.format(java.util.Locale.ROOT, "%.1f", measuredMax / 1e6), measured,
					average == 0 ? "-" : Long.toString(1_000_000_000L / average));
		} else if (LOG.isDebugEnabled()) {
			LOG.debug("GL render session for {}: a frame takes {} ms on average, {} ms at most, over the last {} frames",
					format.name(), average / 1_000_000, measuredMax / 1_000_000, measured);
		}
		measured = 0;
		measuredNanos = 0;
		measuredMax = 0;
	}

	/** Reports every frame taken or submitted but not yet reported as failed. */
	private void failOutstanding(String reason) {
		failTaken(reason);
		// Frames submitted but never taken (the GL thread failed): the backend gets them back too.
		while (processed < submitted) {
			Job job = jobs[(int) (processed % jobs.length)];
			processed++;
			retired++;
			fail(job, reason);
		}
	}

	/** Reports every frame taken but not yet reported as failed (fences dropped, no copy). */
	private void failTaken(String reason) {
		while (retired < processed) {
			Job job = jobs[(int) (retired % jobs.length)];
			if (job.fence != 0L && caps != null) {
				glDeleteSync(job.fence);
			}
			job.fence = 0;
			retired++;
			fail(job, reason);
		}
	}

	private boolean lost() {
		if (simulateLoss) {
			simulateLoss = false;
			LOG.warn("The GL context of the render session for {} is treated as lost (simulated)", format.name());
			return true;
		}
		if (!robust) {
			return false;
		}
		int status = caps.OpenGL45 ? GL45C.glGetGraphicsResetStatus() : KHRRobustness.glGetGraphicsResetStatus();
		if (status != GL_NO_ERROR) {
			LOG.error("The GL context of the render session for {} was lost (reset status 0x{}); rebuilding it",
					format.name(), Integer.toHexString(status));
			return true;
		}
		return false;
	}

	// ------------------------------------------------------------------ resources

	private void createContext() {
		context = Egl.createCurrentContext(display);
		caps = GL.createCapabilities();
		robust = caps.OpenGL45 || caps.GL_KHR_robustness;
		vertexShader = GlslProgram.vertexShader();
		vao = glGenVertexArrays();
		colour = glGenTextures();
		glBindTexture(GL_TEXTURE_2D, colour);
		glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, format.width(), format.height(), 0, GL_RGBA, GL_UNSIGNED_BYTE,
				(java.nio.ByteBuffer) null);
		glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
		glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
		glBindTexture(GL_TEXTURE_2D, 0);
		fbo = glGenFramebuffers();
		glBindFramebuffer(GL_FRAMEBUFFER, fbo);
		glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour, 0);
		int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
		if (status != GL_FRAMEBUFFER_COMPLETE) {
			throw new IllegalStateException("the " + format.width() + "x" + format.height()
					+ " RGBA8 framebuffer is incomplete: 0x" + Integer.toHexString(status));
		}
		glReadBuffer(GL_COLOR_ATTACHMENT0);
		glEnable(GL_BLEND);
		glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA); // premultiplied "over"
		glDisable(GL_DEPTH_TEST);
		glPixelStorei(GL_PACK_ALIGNMENT, 4);
		pbos = new int[depth];
		for (int i = 0; i < depth; i++) {
			pbos[i] = glGenBuffers();
			glBindBuffer(GL_PIXEL_PACK_BUFFER, pbos[i]);
			glBufferData(GL_PIXEL_PACK_BUFFER, frameBytes, GL_STREAM_READ);
		}
		glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
		int error = glGetError();
		if (error != GL_NO_ERROR) {
			throw new IllegalStateException("setting up the GL resources for " + format.name() + " failed: GL error 0x"
					+ Integer.toHexString(error));
		}
		contextGeneration++;
		countObjects();
		if (contextGeneration == 1) {
			LOG.info("GL render session for {} on {}: {} {} ({}), readback {}", format.name(), display.description(),
					glGetString(GL_RENDERER), glGetString(GL_VERSION), robust ? "reset notification" : "no robustness",
					depth == 0 ? "synchronous" : depth + " PBOs with fences");
		}
	}

	/** Destroys everything of the current context and builds it again; programs recompile on the next resolve. */
	private void rebuild() {
		releaseQuietly();
		resolvedShaders = null; // recompile every layer against the new context
		createContext();
		LOG.warn("The GL context of the render session for {} was rebuilt (generation {})", format.name(),
				contextGeneration);
	}

	private void countObjects() {
		liveObjects = (context != 0 ? 1 : 0) + (vertexShader != 0 ? 1 : 0) + (vao != 0 ? 1 : 0)
				+ (fbo != 0 ? 1 : 0) + (colour != 0 ? 1 : 0) + pbos.length + compiled.size()
				+ (int) lastGood.values().stream().filter(p -> !compiled.containsValue(p)).count();
	}

	/** Releases every GL object and the context; tolerates a half-built or lost context. */
	private void releaseQuietly() {
		try {
			if (caps != null) {
				for (GlslProgram p : compiled.values()) {
					p.delete();
				}
				for (GlslProgram p : lastGood.values()) {
					if (!compiled.containsValue(p)) {
						p.delete();
					}
				}
				for (int pbo : pbos) {
					glDeleteBuffers(pbo);
				}
				if (fbo != 0) {
					glDeleteFramebuffers(fbo);
				}
				if (colour != 0) {
					glDeleteTextures(colour);
				}
				if (vao != 0) {
					glDeleteVertexArrays(vao);
				}
				if (vertexShader != 0) {
					glDeleteShader(vertexShader);
				}
				glFinish();
			}
		} catch (Throwable t) {
			LOG.warn("Releasing the GL objects of the render session for {} failed: {}", format.name(), t.toString());
		} finally {
			compiled.clear();
			rejected.clear();
			lastGood.clear();
			layers = new ReadyLayer[0];
			pbos = new int[0];
			fbo = colour = vao = vertexShader = 0;
			if (context != 0) {
				try {
					Egl.destroyContext(display, context);
				} catch (Throwable t) {
					LOG.warn("Destroying the EGL context of the render session for {} failed: {}", format.name(),
							t.toString());
				}
				context = 0;
			}
			GL.setCapabilities(null);
			caps = null;
			countObjects();
		}
	}

	// ------------------------------------------------------------------ program resolution

	/**
	 * Builds the layers to draw for a new program or a new set of shaders; compiles shaders not
	 * compiled yet. A shader that fails to compile is logged with the compiler log once; its
	 * layers keep the last program that compiled for the same shader id, or are skipped.
	 */
	private void resolve(Program program, ShaderRegistry.Snapshot bound, boolean newProgram) {
		List<ReadyLayer> ready = new ArrayList<>();
		Set<String> skipped = new TreeSet<>();
		List<Layer> all = program.layers();
		for (int i = 0; i < all.size(); i++) {
			Layer layer = all.get(i);
			if (!layer.enabled() || layer.opacity() == 0f) {
				continue;
			}
			String id = layer.shaderId();
			ShaderProvider provider = bound.byId().get(id);
			GlslProgram p = provider == null ? null : programOf(provider, i);
			if (p == null) {
				p = lastGood.get(id);
				if (p == null) {
					skipped.add(id);
					if (provider == null && shaders.firstReport("missing", id)) {
						LOG.warn("Shader {} is not available; its layers are skipped until a shader with that id is "
								+ "registered", id);
					}
					continue;
				}
			}
			ResolvedParameters values = ResolvedParameters.resolve(p.info, layer.parameters());
			if (newProgram) {
				for (String problem : values.problems()) {
					LOG.warn("Layer {} of the program: {}", i, problem);
				}
			}
			ready.add(new ReadyLayer(p, layer.opacity(), values));
		}
		// Programs of shaders that left and that no layer falls back to are deleted.
		compiled.entrySet().removeIf(e -> {
			if (bound.byId().containsValue(e.getKey()) || lastGood.containsValue(e.getValue())) {
				return false;
			}
			e.getValue().delete();
			return true;
		});
		rejected.keySet().removeIf(p -> !bound.byId().containsValue(p));
		layers = ready.toArray(new ReadyLayer[0]);
		skippedIds = Collections.unmodifiableSet(skipped);
		countObjects();
	}

	private GlslProgram programOf(ShaderProvider provider, int layerIndex) {
		GlslProgram p = compiled.get(provider);
		if (p != null || rejected.containsKey(provider)) {
			return p;
		}
		String id = "?";
		try {
			id = provider.info().id();
			p = GlslProgram.build(provider.info(), provider.glslFragment(), vertexShader);
			compiled.put(provider, p);
			GlslProgram previous = lastGood.put(id, p);
			if (previous != null && !compiled.containsValue(previous)) {
				previous.delete();
			}
			return p;
		} catch (RuntimeException e) {
			String message = e.getMessage();
			rejected.put(provider, message);
			LOG.error("Shader {} is rejected by the GL renderer: {}; layer {} {}", id, message, layerIndex,
					lastGood.containsKey(id) ? "keeps its previous program" : "is skipped");
			return null;
		}
	}

	// ------------------------------------------------------------------ close

	@Override
	public void close() {
		if (!closed.compareAndSet(false, true)) {
			return;
		}
		long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
		while (rendering && System.nanoTime() < deadline) {
			LockSupport.parkNanos(100_000);
		}
		stopping = true;
		LockSupport.unpark(glThread);
		join();
		onClose.accept(this);
		LOG.info("GL render session for {} closed", format.name());
	}

	private void join() {
		boolean interrupted = false;
		try {
			glThread.join(TimeUnit.SECONDS.toMillis(10));
		} catch (InterruptedException e) {
			interrupted = true;
		}
		if (glThread.isAlive()) {
			LOG.error("The GL thread {} of the render session for {} did not end within 10 s", glThread.getName(),
					format.name());
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}
}
