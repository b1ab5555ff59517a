package org.genlock.backend.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.EngineCounters;
import org.genlock.api.backend.FrameLog;
import org.genlock.api.backend.PoolStatus;
import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.backend.RenderFeedStatus;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.backend.VideoBackend;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.KeyerMode;
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.render.Program;
import org.genlock.api.telemetry.FailureObservation;
import org.genlock.api.telemetry.LifecycleObservation;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.TelemetrySink;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel: the {@link VideoBackend} behind the DS component, independent of OSGi so
 * tests drive it with fakes. It owns the lifecycle, the cumulative counters, the frame log,
 * the event thread and a control thread ({@code genlock-<channel>-control}) on which every
 * lifecycle step, session open and close, renderer swap, settings change and slate draw
 * runs, one at a time. The current {@link PlayoutRun} is the lease on the device session.
 *
 * <p>{@link #start()} and {@link #stop()} only queue a request and return at once; progress
 * shows in {@link #state()} and in lifecycle observations. A device bound while the channel
 * wants to run and is FAILED retries from discovery. Losing or replacing the device fails
 * the run (a different device re-opens); renderer, policy and strategy swaps never touch
 * the device session and never leave RUNNING/DEGRADED.
 */
final class Channel implements VideoBackend, PlayoutRun.Host {

	private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

	/** The program in force and its generation, read together by the render lanes. */
	record ProgramBinding(Program program, String text, long generation) {
	}

	/** The channel's configuration as the engine needs it. */
	record Setup(VideoFormat format, boolean keying, KeyerMode keyer, int keyerLevel, int audioChannels) {

		/** Without the device's keyer, with stereo audio. */
		Setup(VideoFormat format, boolean keying) {
			this(format, keying, KeyerMode.OFF, 255, 2);
		}

		/** With stereo audio. */
		Setup(VideoFormat format, boolean keying, KeyerMode keyer, int keyerLevel) {
			this(format, keying, keyer, keyerLevel, 2);
		}

		/** Key-safe fills whenever the output is keyed, by a downstream keyer or the device's. */
		boolean keyed() {
			return keying || keyer != KeyerMode.OFF;
		}
	}

	private final String channelId;
	private final ServiceBindings bindings;
	private final ObservationBus bus;
	private final LifecycleMachine lifecycle;
	private final ChannelCounters counters = new ChannelCounters();
	private final FrameLogRing log;
	private final PreviewTap preview;
	private final TapHub taps;
	private final ThreadPoolExecutor control;
	private volatile Setup setup;
	private volatile ProgramBinding program;
	private volatile PlayoutRun run;
	private volatile RenderFeed.Settings renderSettings = RenderFeed.Settings.DEFAULTS;
	private volatile PlayoutSettings lastSettings = PlayoutSettings.DEFAULTS;
	private volatile VideoFormat lastFormat;
	private volatile boolean wantRunning;
	private long epochs;
	/** Ready-queue drops and ring refusals of the runs before the current one (control thread writes). */
	private volatile long pastReadyDrops;
	private volatile long pastRefusedCompletions;

	Channel(String channelId, Setup setup, Program program, String programText, ServiceBindings bindings,
			Supplier<ObservationPublisher> publisher, int frameLogCapacity) {
		this.channelId = channelId;
		this.setup = setup;
		this.program = new ProgramBinding(program, programText, 1);
		this.bindings = bindings;
		this.log = new FrameLogRing(frameLogCapacity);
		this.preview = new PreviewTap(channelId);
		this.taps = new TapHub(channelId);
		this.bus = new ObservationBus(channelId, publisher);
		this.lifecycle = new LifecycleMachine(t -> bus.post(new LifecycleObservation(channelId, t)));
		this.control = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
			Thread t = new Thread(r, "genlock-" + channelId + "-control");
			t.setDaemon(true);
			return t;
		});
		bindings.listener(this::bindingChanged);
		bindings.unregisteredListener(this::rendererUnregistered);
	}

	// ---------------------------------------------------------------- VideoBackend

	@Override
	public String channelId() {
		return channelId;
	}

	@Override
	public BackendState state() {
		return lifecycle.state();
	}

	@Override
	public FrameLog frameLog() {
		return log;
	}

	@Override
	public List<StateTransition> recentTransitions() {
		return lifecycle.history();
	}

	@Override
	public Optional<PreviewFrame> preview(int maxWidth, int maxHeight, long timeoutMillis)
			throws InterruptedException {
		PlayoutRun r = run;
		if (r == null || !lifecycle.state().isOnAir()) {
			preview.check(maxWidth, maxHeight, timeoutMillis); // a bad request is an error on or off air
			return Optional.empty();
		}
		return preview.take(maxWidth, maxHeight, timeoutMillis);
	}

	/** The completion worker's side of {@link #preview}. */
	@Override
	public PreviewTap previewTap() {
		return preview;
	}

	@Override
	public TapHub tapHub() {
		return taps;
	}

	@Override
	public List<org.genlock.api.tap.TapStatus> taps() {
		return taps.status();
	}

	@Override
	public org.genlock.api.backend.AudioStatus audio() {
		PlayoutRun r = run;
		return r != null ? r.audioStatus() : org.genlock.api.backend.AudioStatus.NONE;
	}

	/** Queues a start; returns at once. */
	@Override
	public void start() {
		wantRunning = true;
		submit(() -> doStart("start requested"));
	}

	/** Queues a stop; returns at once. */
	@Override
	public void stop() {
		wantRunning = false;
		submit(() -> doStop("stop requested"));
	}

	@Override
	public long completionWorkerIdleNanos() {
		PlayoutRun r = run;
		return r == null ? -1 : r.workerIdleNanos();
	}

	@Override
	public ChannelStatus status() {
		PlayoutRun r = run;
		BackendState state = lifecycle.state();
		PoolStatus pool = r == null ? new PoolStatus(0, 0, 0, 0, 0, 0) : r.pool().status();
		int depth = r == null ? 0 : r.queue().depth();
		int target = r == null ? lastSettings.targetReadyFrames() : r.readyTarget();
		int capacity = r == null ? lastSettings.maxReadyFrames() : r.queue().capacity();
		long displayIndex = r != null && state.isOnAir() ? r.displayIndexNow() : -1;
		EngineCounters engine = counters.engineSnapshot(pastReadyDrops + (r == null ? 0 : r.queue().dropped()),
				pastRefusedCompletions + (r == null ? 0 : r.refusedCompletions()));
		long latency = r == null ? 0 : r.outputLatencyNanos();
		return new ChannelStatus(channelId, state, lastFormat, bindings.device().id(), bindings.renderer().id(),
				bindings.policy().id(), bindings.strategy().id(), displayIndex, counters.snapshot(), depth,
				target, capacity, pool, Instant.now(), engine, r == null ? RenderFeedStatus.NONE : r.feed().status(),
				lifecycle.failureReason(), latency, r == null ? ReferenceStatus.NOT_SUPPORTED : r.reference());
	}

	// ---------------------------------------------------------------- configuration

	/**
	 * Applies a new format or keying: an orderly stop and restart if the channel is working,
	 * a new start if it wants to run and failed (a configuration that failed it, corrected,
	 * brings it back by itself). Queued; returns at once.
	 */
	void reconfigure(Setup next) {
		Setup before = setup;
		setup = next;
		if (!before.equals(next)) {
			submit(() -> {
				if (!wantRunning) {
					return;
				}
				String change = describe(before) + " -> " + describe(next);
				if (lifecycle.state().isWorking()) {
					doStop("configuration changed: " + change);
					doStart("restart with " + describe(next));
				} else if (lifecycle.state() == BackendState.FAILED) {
					doStart("retry: configuration changed: " + change);
				}
			});
		}
	}

	private static String describe(Setup s) {
		return s.format().name() + (s.keyed() ? " keyed" : "") + " audio " + s.audioChannels() + " ch"
				+ (s.keyer() != KeyerMode.OFF ? " (keyer " + s.keyer().name().toLowerCase(java.util.Locale.ROOT) + " "
						+ s.keyerLevel() + ")" : "");
	}

	/** Swaps the program: renderers see the new generation from the next request on. */
	void program(Program next, String text) {
		ProgramBinding before = program;
		if (before.text().equals(text)) {
			return;
		}
		ProgramBinding after = new ProgramBinding(next, text, before.generation() + 1);
		program = after;
		PlayoutRun r = run;
		post(new SwapObservation(channelId, SwapKind.PROGRAM, before.text(), text, after.generation(),
				r != null && r.playing() ? r.nextIndex() + r.queue().depth() + r.inFlight() : -1, Instant.now()));
	}

	@Override
	public ProgramBinding program() {
		return program;
	}

	/** Applies new render settings (budget, stall timeout, fallback chain) from the next frame on. */
	void renderSettings(RenderFeed.Settings next) {
		renderSettings = next;
	}

	@Override
	public RenderFeed.Settings renderSettings() {
		return renderSettings;
	}

	Setup setup() {
		return setup;
	}

	void addSink(TelemetrySink sink) {
		bus.addSink(sink);
	}

	void removeSink(TelemetrySink sink) {
		bus.removeSink(sink);
	}

	// ---------------------------------------------------------------- collaborators of the run

	@Override
	public ServiceBindings bindings() {
		return bindings;
	}

	@Override
	public LifecycleMachine lifecycle() {
		return lifecycle;
	}

	@Override
	public ChannelCounters counters() {
		return counters;
	}

	@Override
	public FrameLogRing frameLogRing() {
		return log;
	}

	@Override
	public void post(Observation o) {
		bus.post(o);
	}

	@Override
	public void onControl(Runnable task) {
		submit(task);
	}

	/** From the device's thread: fail the run on the control thread. */
	@Override
	public void deviceFailed(PlayoutRun failed, String reason) {
		submit(() -> {
			if (run == failed) {
				fail("device " + failed.device().id() + " failed: " + reason, "device:" + failed.device().id());
			}
		});
	}

	// ---------------------------------------------------------------- control thread

	private void submit(Runnable task) {
		try {
			control.execute(() -> {
				try {
					task.run();
				} catch (RuntimeException e) {
					LOG.error("channel {}: control task failed", channelId, e);
				}
			});
		} catch (java.util.concurrent.RejectedExecutionException e) {
			LOG.debug("channel {}: request ignored, the channel is shut down", channelId);
		}
	}

	private void doStart(String reason) {
		BackendState s = lifecycle.state();
		if (s.isWorking() || !wantRunning) {
			return;
		}
		lifecycle.transition(BackendState.DISCOVERING, reason);
		Binding<VideoOutputDevice> device = bindings.device();
		if (!device.bound()) {
			fail("no output device bound; waiting for one that matches the channel's device.target", "device");
			return;
		}
		Setup cfg = setup;
		VideoFormat format = cfg.format();
		DeviceInfo info;
		try {
			info = device.service().info();
		} catch (RuntimeException e) {
			fail("device " + device.id() + " could not describe itself: " + e, "device:" + device.id());
			return;
		}
		lifecycle.transition(BackendState.DISCOVERED, "device " + device.id() + " (" + info.name() + ")");
		lifecycle.transition(BackendState.CONFIGURING, format.name() + " on " + device.id());
		if (!info.supports(format)) {
			fail("device " + device.id() + " does not support " + format.name() + " " + format.pixelFormat()
					+ "; it supports " + names(info.supportedFormats()), "device:" + device.id());
			return;
		}
		PlayoutSettings settings = forDevice(resolveSettings(format), info);
		PlayoutRun r;
		try {
			r = new PlayoutRun(this, ++epochs, device, format, cfg.keyed(), cfg.keyer(), cfg.keyerLevel(),
					cfg.audioChannels(), settings);
		} catch (DeviceException | RuntimeException e) {
			fail("could not open " + device.id() + " for " + format.name() + ": " + e.getMessage(),
					"device:" + device.id());
			return;
		}
		run = r;
		lastFormat = format;
		lifecycle.transition(BackendState.CONFIGURED,
				"session open, pool of " + r.pool().size() + " frames, preroll " + settings.prerollFrames());
		lifecycle.transition(BackendState.PREROLLING, "prerolling " + settings.prerollFrames() + " frames");
		try {
			r.start(bindings.renderer(), bindings.strategy());
		} catch (DeviceException | RuntimeException e) {
			fail("could not start playback on " + device.id() + ": " + e.getMessage(), "device:" + device.id());
			return;
		}
		lifecycle.transition(BackendState.RUNNING, "preroll complete");
	}

	private static String names(List<VideoFormat> formats) {
		StringBuilder b = new StringBuilder();
		for (VideoFormat f : formats) {
			b.append(b.length() == 0 ? "" : ", ").append(f.name()).append(' ').append(f.pixelFormat());
		}
		return b.toString();
	}

	/** Clamps the preroll to what the device can hold. */
	private PlayoutSettings forDevice(PlayoutSettings s, DeviceInfo info) {
		if (s.prerollFrames() <= info.maxBufferedFrames()) {
			return s;
		}
		LOG.warn("channel {}: preroll {} exceeds device {} maximum of {} buffered frames; using {}", channelId,
				s.prerollFrames(), info.id(), info.maxBufferedFrames(), info.maxBufferedFrames());
		return new PlayoutSettings(s.framePoolSize(), info.maxBufferedFrames(), s.targetReadyFrames(),
				s.maxReadyFrames(), s.minSpareDeviceBuffers(), s.maxCatchUpFrames(), s.adaptiveHeadroom(),
				s.maxHeadroomFrames());
	}

	/** The bound policy's settings for the format; the last applied ones if none or it throws. */
	private PlayoutSettings resolveSettings(VideoFormat format) {
		Binding<PlayoutPolicy> policy = bindings.policy();
		if (policy.bound()) {
			try {
				PlayoutSettings s = policy.service().settings(format);
				if (s != null) {
					lastSettings = s;
					return s;
				}
				post(new FailureObservation(channelId, "policy:" + policy.id(),
						"settings(" + format.name() + ") returned null; the last settings stay", Instant.now()));
			} catch (RuntimeException e) {
				post(new FailureObservation(channelId, "policy:" + policy.id(),
						"settings(" + format.name() + ") threw " + e + "; the last settings stay", Instant.now()));
			}
		}
		return lastSettings;
	}

	private void doStop(String reason) {
		BackendState s = lifecycle.state();
		if (s == BackendState.FAILED) {
			release();
			lifecycle.transition(BackendState.STOPPED, reason);
			return;
		}
		if (!s.isOnAir()) {
			return; // UNINITIALIZED or STOPPED: nothing to do (other states only exist inside doStart)
		}
		lifecycle.transition(BackendState.STOPPING, reason);
		long flushedBefore = counters.flushed;
		int parked = release();
		lifecycle.transition(BackendState.STOPPED, "stopped: " + (counters.flushed - flushedBefore)
				+ " frames flushed" + (parked > 0 ? ", " + parked + " never returned by the device (parked)" : ""));
	}

	/** Closes the current run, if any. */
	private int release() {
		PlayoutRun r = run;
		if (r == null) {
			return 0;
		}
		int parked = r.close();
		pastReadyDrops += r.queue().dropped();
		pastRefusedCompletions += r.refusedCompletions();
		run = null;
		return parked;
	}

	/** Moves to FAILED (from any working state) and releases the run. */
	private void fail(String reason, String component) {
		post(new FailureObservation(channelId, component, reason, Instant.now()));
		BackendState s = lifecycle.state();
		if (s.canTransitionTo(BackendState.FAILED)) {
			lifecycle.transition(BackendState.FAILED, reason);
		} else if (s == BackendState.DISCOVERED || s == BackendState.CONFIGURED) {
			// the table has no FAILED edge here: the step after (CONFIGURING, PREROLLING) fails instead
			lifecycle.transition(s == BackendState.DISCOVERED ? BackendState.CONFIGURING : BackendState.PREROLLING,
					reason);
			lifecycle.transition(BackendState.FAILED, reason);
		}
		release();
	}

	private void bindingChanged(SwapKind kind, Binding<?> before, Binding<?> after) {
		PlayoutRun r = run;
		if (kind == SwapKind.POLICY && after.bound() && bindings.policyFromFallback()) {
			LOG.warn("channel {}: no policy matches the channel's policy filter; policy {} (policy.fallback) is used "
					+ "until one does", channelId, after.id());
		}
		if (LOG.isDebugEnabled()) {
			LOG.debug("channel {}: {} binding {} (generation {}) -> {} (generation {}); {}", channelId, kind.name()
					.toLowerCase(java.util.Locale.ROOT), name(before), before.generation(), name(after), after.generation(),
					r == null || !r.playing() ? "the channel is not playing: applies when it starts"
							: kind == SwapKind.RENDERER ? "the new renderer goes to air once it proves itself"
									: "applies at the next frame from display index " + r.nextIndex());
		}
		if (kind != SwapKind.RENDERER || r == null) {
			// a run's render feed reports when a renderer actually goes to air
			post(new SwapObservation(channelId, kind, before.id(), after.id(), after.generation(),
					r != null && r.playing() ? r.nextIndex() : -1, Instant.now()));
		}
		switch (kind) {
			case DEVICE -> submit(this::reconcileDevice);
			case RENDERER -> submit(() -> {
				PlayoutRun current = run;
				if (current != null) {
					current.feed().select(bindings.renderer());
				}
			});
			case POLICY -> submit(this::applyPolicy);
			case STRATEGY -> submit(() -> {
				PlayoutRun current = run;
				if (current != null) {
					current.drawSlate(bindings.strategy());
				}
			});
			default -> {
				// not a service binding
			}
		}
	}

	private static String name(Binding<?> b) {
		return b.id() == null ? "(none)" : b.id();
	}

	/** A renderer service went away, selected or not: a lane still using it cannot deliver. */
	private void rendererUnregistered(org.genlock.api.render.Renderer renderer) {
		submit(() -> {
			PlayoutRun current = run;
			if (current != null) {
				current.feed().unregistered(renderer);
			}
		});
	}

	/** After a device bind or unbind: fail a run whose device went or was replaced; retry if wanted. */
	private void reconcileDevice() {
		Binding<VideoOutputDevice> device = bindings.device();
		PlayoutRun r = run;
		if (r != null && r.device().service() != device.service()) {
			fail(device.bound() ? "device " + r.device().id() + " replaced by " + device.id()
					: "device " + r.device().id() + " went away", "device:" + r.device().id());
		}
		BackendState s = lifecycle.state();
		if (wantRunning && device.bound() && s == BackendState.FAILED) {
			doStart("retry: device " + device.id() + " bound");
		}
	}

	private void applyPolicy() {
		PlayoutRun r = run;
		VideoFormat format = r != null ? r.format() : setup.format();
		PlayoutSettings s = resolveSettings(format);
		if (r != null) {
			try {
				r.updateSettings(s);
			} catch (RuntimeException e) {
				post(new FailureObservation(channelId, "policy:" + bindings.policy().id(),
						"could not apply settings " + s + ": " + e.getMessage(), Instant.now()));
			}
		}
	}

	/**
	 * Runs a task on the control thread and waits for it, for tests and for deactivation.
	 *
	 * @return whether it finished within the timeout
	 */
	boolean sync(long millis) {
		Future<?> f;
		try {
			f = control.submit(() -> {
			});
		} catch (java.util.concurrent.RejectedExecutionException e) {
			return true;
		}
		try {
			f.get(millis, TimeUnit.MILLISECONDS);
			return true;
		} catch (TimeoutException e) {
			return false;
		} catch (Exception e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stops the channel and ends its threads, waiting at most {@code millis} for the orderly
	 * stop. For component deactivation.
	 */
	void shutdown(long millis) {
		wantRunning = false;
		submit(() -> doStop("channel deactivated"));
		if (!sync(millis)) {
			LOG.error("channel {}: stop did not finish within {} ms; abandoning the control thread", channelId, millis);
		}
		control.shutdownNow();
		taps.close();
		bus.close(millis);
	}

	// ---------------------------------------------------------------- test access

	PlayoutRun run() {
		return run;
	}

	ObservationBus bus() {
		return bus;
	}

	ExecutorService controlExecutor() {
		return control;
	}
}
