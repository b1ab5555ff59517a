package org.genlock.render.software.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.genlock.shader.support.ShaderRegistry;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.render.RenderSession;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.ResolvedParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's CPU rendering: clears the target and runs the program's kernels, bottom
 * layer first, over horizontal bands shared between the producer thread and a fixed pool of
 * workers. The clear and every layer below the topmost {@link CpuKernel#opaque opaque} layer
 * at opacity 1 are skipped: nothing of them would show.
 *
 * <h2>Hand-off</h2> Per frame the producer writes the frame values, resets two counters and
 * bumps a generation counter (all volatile), then unparks the workers. Every thread, the
 * producer included, claims bands with {@code getAndIncrement} until none is left, and
 * renders all layers of a claimed band, so one hand-off covers the whole frame. The thread
 * that finishes the last band unparks the producer. Nothing is allocated: the counters,
 * threads and per-layer objects exist for the life of the session (per-layer objects are
 * rebuilt only when the program or the set of shaders changes).
 *
 * <p>Because a claimed band is only ever rendered with the values published before its
 * claim, a worker that wakes late simply finds no band left, or renders a band of the next
 * frame correctly.
 */
final class SoftwareSession implements RenderSession {

	private static final Logger LOG = LoggerFactory.getLogger(SoftwareSession.class);
	/** Busy-wait iterations before parking: frames follow each other closely. */
	private static final int SPINS = 2_000;
	private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** A layer ready to run; immutable. */
	private record ResolvedLayer(CpuKernel kernel, ResolvedParameters values, LayerContext context) {}

	private final VideoFormat format;
	private final ShaderRegistry shaders;
	private final Consumer<SoftwareSession> onClose;
	private final int bandRows;
	private final int bandCount;
	private final byte[] zeroRow;
	private final Thread[] workers;

	// Frame values: written by the producer, published by the volatile counters below.
	private final LayerContext.FrameState frame = new LayerContext.FrameState();
	private FrameBuffer target;
	private ResolvedLayer[] layers = new ResolvedLayer[0];
	/** The frame's render budget ({@code System.nanoTime()}); published to the workers with the band generation. */
	private long deadline = Long.MAX_VALUE;
	private volatile boolean overBudget;
	/** False when the bottom layer rendered is opaque: it overwrites every pixel anyway. */
	private boolean clear = true;

	// Resolution state: producer only.
	private long resolvedGeneration;
	private ShaderRegistry.Snapshot resolvedShaders;
	private int skipped;
	private Set<String> missing = Set.of();

	private final AtomicLong generation = new AtomicLong();
	private final AtomicInteger nextBand = new AtomicInteger(Integer.MAX_VALUE);
	private final AtomicInteger bandsLeft = new AtomicInteger();
	private final AtomicReference<Throwable> failure = new AtomicReference<>();
	private volatile Thread producer;
	private volatile boolean stopping;
	private volatile boolean rendering;
	private final AtomicBoolean closed = new AtomicBoolean();
	private volatile long skippedLayerFrames;

	SoftwareSession(VideoFormat format, ShaderRegistry shaders, int threads, int minBandRows, String name,
			Consumer<SoftwareSession> onClose) {
		this.format = format;
		this.shaders = shaders;
		this.onClose = onClose;
		int height = format.height();
		// two bands per thread balance uneven layers; never thinner than the configured minimum
		int wanted = threads == 1 ? 1 : 2 * threads;
		this.bandRows = Math.min(height, Math.max(minBandRows, (height + wanted - 1) / wanted));
		this.bandCount = (height + bandRows - 1) / bandRows;
		this.zeroRow = new byte[format.rowBytes()];
		this.frame.format = format;
		this.workers = new Thread[threads - 1];
		for (int i = 0; i < workers.length; i++) {
			Thread t = new Thread(this::work, name + "-worker-" + (i + 1));
			t.setDaemon(true);
			workers[i] = t;
		}
		for (Thread t : workers) {
			t.start();
		}
	}

	int bandRows() {
		return bandRows;
	}

	int bandCount() {
		return bandCount;
	}

	/** The worker threads, for tests. */
	List<Thread> workerThreads() {
		return List.of(workers);
	}

	/**
	 * Returns how many enabled layers of the current program are skipped because their shader
	 * is missing, has no CPU kernel or cannot write the format.
	 *
	 * @return the count, as of the last program resolution
	 */
	int skippedLayers() {
		return skipped;
	}

	/**
	 * Returns the shader ids of the current program that are not bound.
	 *
	 * @return the ids, sorted
	 */
	Set<String> missingShaderIds() {
		return missing;
	}

	/**
	 * Returns the layers skipped over all frames rendered so far (a layer skipped in 10
	 * frames counts 10).
	 *
	 * @return the total
	 */
	long skippedLayerFrames() {
		return skippedLayerFrames;
	}

	@Override
	public int maxInFlight() {
		return 1;
	}

	@Override
	public void render(RenderRequest request, FrameBuffer target, RenderCompletion done) {
		long start = System.nanoTime();
		long index = request.displayIndex();
		String problem;
		rendering = true;
		try {
			problem = renderFrame(request, target);
		} catch (Throwable t) { // never throw to the backend: report the frame as failed
			problem = describe(t);
		} finally {
			rendering = false;
		}
		if (problem == null) {
			done.rendered(target, index, System.nanoTime() - start);
		} else {
			done.failed(target, index, problem);
		}
	}

	/** Renders a frame; returns {@code null} on success, else the reason for the failure. */
	private String renderFrame(RenderRequest request, FrameBuffer target) {
		if (closed.get()) {
			return "the software render session for " + format.name() + " is closed";
		}
		VideoFormat f = target.format();
		if (f.width() != format.width() || f.height() != format.height() || f.pixelFormat() != format.pixelFormat()
				|| target.rowBytes() < format.rowBytes()) {
			return "target frame " + f.name() + " " + f.pixelFormat() + " (row bytes " + target.rowBytes()
					+ ") does not match the session format " + format.name() + " " + format.pixelFormat();
		}
		ShaderRegistry.Snapshot bound = shaders.snapshot();
		long programGeneration = request.programGeneration();
		if (bound != resolvedShaders || programGeneration != resolvedGeneration) {
			resolve(request.program(), bound, programGeneration != resolvedGeneration || resolvedShaders == null);
			resolvedShaders = bound;
			resolvedGeneration = programGeneration;
		}
		frame.displayIndex = request.displayIndex();
		frame.frameTimeNanos = request.frameTimeNanos();
		frame.timecodeFrames = request.timecodeFrames();
		frame.dropFrame = request.dropFrame();
		this.target = target;
		deadline = request.deadlineNanos();
		overBudget = false;
		try {
			runBands();
		} finally {
			this.target = null;
		}
		Throwable t = failure.getAndSet(null);
		if (t != null) {
			return describe(t);
		}
		if (overBudget) {
			return "stopped past the render budget (" + layers.length + " layers at " + format.name() + ")";
		}
		if (skipped != 0) {
			skippedLayerFrames += skipped;
		}
		return null;
	}

	private static String describe(Throwable t) {
		return "software rendering failed: " + t;
	}

	private void runBands() {
		if (workers.length == 0) {
			for (int b = 0; b < bandCount; b++) {
				renderBand(b);
			}
			return;
		}
		producer = Thread.currentThread();
		bandsLeft.set(bandCount);
		nextBand.set(0);
		generation.incrementAndGet();
		for (Thread w : workers) {
			LockSupport.unpark(w);
		}
		claimBands();
		int spins = 0;
		while (bandsLeft.get() != 0) {
			if (spins++ < SPINS) {
				Thread.onSpinWait();
			} else {
				LockSupport.park(this);
			}
		}
	}

	private void claimBands() {
		int b;
		while ((b = nextBand.getAndIncrement()) < bandCount) {
			renderBand(b);
			if (bandsLeft.decrementAndGet() == 0) {
				LockSupport.unpark(producer);
			}
		}
	}

	private void work() {
		long seen = 0;
		while (true) {
			long g;
			int spins = 0;
			while ((g = generation.get()) == seen) {
				if (stopping) {
					return;
				}
				if (spins++ < SPINS) {
					Thread.onSpinWait();
				} else {
					LockSupport.park(this);
				}
			}
			seen = g;
			claimBands();
		}
	}

	private void renderBand(int band) {
		int y0 = band * bandRows;
		int y1 = Math.min(format.height(), y0 + bandRows);
		FrameBuffer t = target;
		try {
			if (clear) {
				ByteBuffer px = t.pixels();
				int stride = t.rowBytes();
				for (int y = y0; y < y1; y++) {
					px.put(y * stride, zeroRow, 0, zeroRow.length);
				}
			}
			long end = deadline;
			for (ResolvedLayer layer : layers) {
				if (end != Long.MAX_VALUE && System.nanoTime() - end > 0) {
					overBudget = true; // the backend has written this frame off: stop early
					return;
				}
				layer.kernel.render(t, y0, y1, layer.context, layer.values);
			}
		} catch (Throwable e) { // reported once per frame by the producer
			failure.compareAndSet(null, e);
		}
	}

	/**
	 * Rebuilds the per-layer objects for a new program or a new set of shaders. Off the
	 * steady state: allocates and may log.
	 */
	private void resolve(Program program, ShaderRegistry.Snapshot bound, boolean newProgram) {
		List<ResolvedLayer> ready = new ArrayList<>();
		Set<String> absent = new TreeSet<>();
		int skip = 0;
		boolean opaqueBase = false;
		List<Layer> all = program.layers();
		for (int i = 0; i < all.size(); i++) {
			Layer layer = all.get(i);
			if (!layer.enabled() || layer.opacity() == 0f) {
				continue;
			}
			String id = layer.shaderId();
			ShaderProvider provider = bound.byId().get(id);
			if (provider == null) {
				skip++;
				absent.add(id);
				if (shaders.firstReport("missing", id)) {
					LOG.warn("Shader {} is not available; its layers are skipped until a shader with that id is "
							+ "registered", id);
				}
				continue;
			}
			try {
				Optional<CpuKernel> kernel = provider.cpuKernel();
				if (kernel.isEmpty() || !kernel.get().supports(format.pixelFormat())) {
					skip++;
					if (shaders.firstReport("nokernel " + format.pixelFormat(), id)) {
						LOG.warn("Shader {} has no CPU kernel for {}; its layers are skipped by the software renderer",
								id, format.pixelFormat());
					}
					continue;
				}
				ResolvedParameters values = ResolvedParameters.resolve(provider.info(), layer.parameters());
				if (newProgram) {
					for (String problem : values.problems()) {
						LOG.warn("Layer {} of the program: {}", i, problem);
					}
				}
				if (layer.opacity() == 1f && kernel.get().opaque(values)) {
					// hides everything below it, and the clear too
					ready.clear();
					opaqueBase = true;
				}
				ready.add(new ResolvedLayer(kernel.get(), values, new LayerContext(frame, layer.opacity())));
			} catch (RuntimeException e) {
				skip++;
				if (shaders.firstReport("broken", id)) {
					LOG.error("Shader {} failed to describe itself and is skipped: {}", id, e.toString());
				}
			}
		}
		layers = ready.toArray(new ResolvedLayer[0]);
		clear = !opaqueBase;
		skipped = skip;
		missing = Collections.unmodifiableSet(absent);
	}

	@Override
	public void close() {
		if (!closed.compareAndSet(false, true)) {
			return;
		}
		// A render in progress on the producer thread finishes and reports its frame first.
		long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
		while (rendering && System.nanoTime() < deadline) {
			LockSupport.parkNanos(100_000);
		}
		stopping = true;
		for (Thread w : workers) {
			LockSupport.unpark(w);
		}
		boolean interrupted = false;
		for (Thread w : workers) {
			try {
				w.join(1000);
			} catch (InterruptedException e) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		onClose.accept(this);
		LOG.info("Software render session for {} closed", format.name());
	}
}
