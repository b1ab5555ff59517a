package org.genlock.backend.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.backend.BackendState;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.KeyerMode;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;
import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.playout.UnderrunContext;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.render.Renderer;
import org.genlock.api.telemetry.FailureObservation;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.PoolObservation;
import org.genlock.api.telemetry.RecoveryObservation;
import org.genlock.api.telemetry.UnderrunObservation;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.Timecode;
import org.genlock.api.video.VideoFormat;

import org.genlock.backend.internal.OutputFramePool.Slot;

/**
 * One device session of a channel, from open to close: the lease that owns the
 * {@link OutputSession}, the frame pool in the session's memory, the ready queue, the
 * scheduler, the fill templates, the render session and the two playout threads.
 * {@link #close()} is its only teardown. A device swap or restart makes a new run; a
 * renderer, policy or strategy swap happens inside a run and never re-opens the device.
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>The device's callback thread only writes each completion into the
 * {@link CompletionRing} and unparks the worker: no blocking, no allocation.</li>
 * <li>The completion worker ({@code genlock-<channel>-completion}) runs
 * {@link #completion}: account, release, schedule the next index (fresh frame or fill),
 * policy decision, degraded state, then wakes the render lanes and lets the
 * {@link RenderFeed} watch them. It reads each service binding once per frame and allocates
 * nothing in steady state; it never waits for a renderer.</li>
 * <li>The {@link RenderFeed}'s lanes render on threads of their own into the pool and the
 * ready queue.</li>
 * <li>The tap copy thread ({@link TapCopier}, {@code genlock-<channel>-tapcopy}) is lent one
 * aired slot at a time by the worker, copies it into each tap's ring ({@link TapLane}) and
 * gives it back; each tap's own thread hands its ring's frames to the tap.</li>
 * <li>The channel's control thread opens and closes the run, prerolls, and swaps the render
 * session, policy settings and slate.</li>
 * </ul>
 *
 * <p>The run reaches its channel only through {@link Host}.
 */
final class PlayoutRun implements CompletionRing.Handler, RenderFeed.Host {

	/** What a run needs of its channel. */
	interface Host {
		String channelId();

		ServiceBindings bindings();

		Channel.ProgramBinding program();

		RenderFeed.Settings renderSettings();

		ChannelCounters counters();

		FrameLogRing frameLogRing();

		PreviewTap previewTap();

		/** The channel's taps, fed by the run's copy thread. */
		TapHub tapHub();

		LifecycleMachine lifecycle();

		void post(Observation o);

		/** Runs a task on the channel's control thread. */
		void onControl(Runnable task);

		/** From the device's thread: the device failed; fail this run on the control thread. */
		void deviceFailed(PlayoutRun run, String reason);
	}

	/** Ready-frame wait per preroll frame before it is filled instead. */
	static final long PREROLL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
	/** Bound on waiting for the device to flush and report stop. */
	static final long STOP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
	/** Clean completions in a row before DEGRADED returns to RUNNING. */
	static final int CLEAN_RUN_FRAMES = 10;

	private static final FrameOutcome[] OUTCOMES = FrameOutcome.values();
	private static final int FRESH = FrameOutcome.FRESH.ordinal();
	private static final int REPEAT = FrameOutcome.REPEAT.ordinal();
	private static final int BLACK = FrameOutcome.BLACK.ordinal();
	private static final int SLATE = FrameOutcome.SLATE.ordinal();
	private static final int SKIP = FrameOutcome.SKIP.ordinal();
	private static final String[] DEGRADED_REASONS = new String[RecoveryReason.values().length];

	static {
		for (RecoveryReason r : RecoveryReason.values()) {
			DEGRADED_REASONS[r.ordinal()] = "playout impaired: " + r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
		}
	}

	private final Host channel;
	private final String channelId;
	private final long epoch;
	private final Binding<VideoOutputDevice> device;
	private final VideoFormat format;
	private final FrameTime frameTime;
	private final boolean dropFrame;
	private final boolean keying;
	private final int preroll;
	private final ChannelCounters counters;
	private final FrameLogRing log;
	private final OutputSession session;
	private final OutputFramePool pool;
	private final RenderOutputQueue<Slot> queue;
	private final PlayoutScheduler scheduler;
	private final FillTemplates templates;
	/** Writes each scheduled frame's audio. Worker (control thread during preroll). */
	private final ProgramAudio audio;
	/** The audio meters, fed with every scheduled frame's audio; {@code null} without audio. */
	private final AudioMeters meters;
	private final CompletionRing ring = new CompletionRing(2 * PlayoutSettings.MAX_POOL_SIZE);
	private final Underrun underrunContext = new Underrun();
	private final Thread worker;
	private final RenderFeed feed;
	private final TapCopier copier;
	/** How long the completion worker waits for a completion before checking the device is fed. */
	private final long watchdogNanos;
	/**
	 * The device is free-running ({@link org.genlock.api.device.OutputSession#paced()} false):
	 * every display index gets a fresh frame, scheduled when it is rendered; nothing is filled
	 * or skipped for time, and recovery does not apply.
	 */
	private final boolean followRenderer;
	/** Times the device had run out of frames and the worker re-fed it. */
	long starvations;

	private volatile boolean workerRunning = true;
	/** System.nanoTime() of the worker's last turn, for the service manager's watchdog. */
	private volatile long workerTurnNanos;
	private final HangHook hangHook = HangHook.fromSystemProperty();
	private final java.util.function.BooleanSupplier stillRunning = () -> workerRunning;
	private volatile boolean listening = true;
	private volatile boolean playing;
	private volatile boolean playbackStopped;
	private volatile long startNanos;
	private volatile PlayoutSettings pendingSettings;
	private volatile PlayoutSettings effectiveSettings;
	private volatile int readyTargetMirror;
	private volatile long nextIndexMirror;
	private volatile long completionsHandled;
	private volatile long lastCompletionNanos = System.nanoTime();
	private volatile boolean closed;

	// completion worker state (the control thread uses it during preroll, before playing)
	private PlayoutSettings appliedSettings;
	private int underrunStreak;
	private long lastUnderrunIndex = -1;
	private UnderrunAction lastAction = UnderrunAction.BLACK;
	private int cleanRun;
	private long failedPolicyGeneration = -1;
	private long failedStrategyGeneration = -1;

	// Completion worker: the newest fresh frame scheduled, for repeats. Its slot is not
	// returned to the pool while it is the newest: on its completion it is kept (READY, off
	// the free stack) until a newer fresh frame is scheduled, so a repeat copies it from its
	// own slot and no fresh frame is ever copied just in case.
	private Slot newest;
	private long newestGeneration;
	private boolean newestKept;

	/**
	 * Opens the device session and builds the pool. Control thread; blocks while the device
	 * opens; allocates.
	 *
	 * @throws DeviceException if the device refuses
	 */
	PlayoutRun(Host channel, long epoch, Binding<VideoOutputDevice> device, VideoFormat format, boolean keying,
			PlayoutSettings settings) throws DeviceException {
		this(channel, epoch, device, format, keying, KeyerMode.OFF, 255, 2, settings);
	}

	/**
	 * Opens the device session, sets its keyer and builds the pool.
	 *
	 * @throws DeviceException if the device refuses the format or the keyer
	 */
	PlayoutRun(Host channel, long epoch, Binding<VideoOutputDevice> device, VideoFormat format, boolean keying,
			KeyerMode keyer, int keyerLevel, int audioChannels, PlayoutSettings settings) throws DeviceException {
		this.channel = channel;
		this.channelId = channel.channelId();
		this.epoch = epoch;
		this.device = device;
		this.format = format;
		this.frameTime = format.frameTime();
		this.dropFrame = Timecode.isDropFrameRate(format.frameRate());
		this.keying = keying;
		this.preroll = settings.prerollFrames();
		this.counters = channel.counters();
		this.log = channel.frameLogRing();
		this.watchdogNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(2), frameTime.nanosOf(2));
		this.effectiveSettings = settings;
		this.appliedSettings = settings;
		this.scheduler = new PlayoutScheduler(settings);
		this.readyTargetMirror = settings.targetReadyFrames();
		this.queue = new RenderOutputQueue<>(settings.maxReadyFrames(), this::releaseDropped);
		this.worker = new Thread(this::workerLoop, "genlock-" + channelId + "-completion");
		worker.setDaemon(true);
		this.session = device.service().open(format, audioChannels, new Listener());
		try {
			session.setKeyer(keyer, keyerLevel);
		} catch (DeviceException | RuntimeException e) {
			session.close();
			throw new DeviceException("device " + device.id() + " cannot key " + format.name() + " "
					+ format.pixelFormat() + ": " + e.getMessage(), e);
		}
		this.followRenderer = !session.paced();
		OutputFramePool p;
		try {
			p = OutputFramePool.allocate(format, settings.framePoolSize(), audioChannels, session.allocator());
		} catch (RuntimeException e) {
			session.close();
			throw new DeviceException("device " + device.id() + " could not provide frame memory for "
					+ format.name() + ": " + e.getMessage(), e);
		}
		this.pool = p;
		this.templates = new FillTemplates(format, pool.rowBytes());
		this.audio = new ProgramAudio(channelId, frameTime, Math.max(1, audioChannels), pool.maxAudioSamples(),
				channel.bindings().audioSources());
		this.meters = audioChannels > 0 ? new AudioMeters(channelId, audioChannels, pool.maxAudioSamples()) : null;
		this.feed = new RenderFeed(this, channelId, format, pool, queue, counters);
		this.copier = new TapCopier(channelId, pool, channel.tapHub(), channel.previewTap(), this::tapSlack);
	}

	/**
	 * Slots taps may borrow at once: the pool's slots beyond the minimum the settings in force
	 * need (a pipelined renderer's room), so the device's pipeline never waits for a tap. Copy
	 * thread, once per aired frame; no lock.
	 */
	private int tapSlack() {
		PlayoutSettings s = effectiveSettings;
		return Math.max(0, s.framePoolSize()
				- PlayoutSettings.minimumPoolSize(s.prerollFrames(), s.maxReadyFrames(), s.minSpareDeviceBuffers()));
	}

	private void releaseDropped(Slot slot, long displayIndex) {
		pool.release(slot, slot.generation());
	}

	// ---------------------------------------------------------------- device callbacks

	/** The session's listener: only hands completions to the worker. */
	private final class Listener implements OutputListener {
		@Override
		public void frameCompleted(FrameBuffer frame, long displayIndex, CompletionResult result, long completionNanos) {
			if (!listening) {
				return;
			}
			ring.offer(frame, frame.generation(), displayIndex, result, completionNanos);
			LockSupport.unpark(worker);
		}

		@Override
		public void playbackStopped() {
			playbackStopped = true;
			LockSupport.unpark(worker);
		}

		@Override
		public void deviceFailed(String reason) {
			channel.deviceFailed(PlayoutRun.this, reason);
		}
	}

	// ---------------------------------------------------------------- control thread

	/**
	 * Starts the threads, opens the render session, prerolls from display index 0 and starts
	 * playback. Control thread.
	 *
	 * @throws DeviceException if playback cannot start
	 */
	void start(Binding<Renderer> renderer, Binding<UnderrunStrategy> strategy) throws DeviceException {
		drawSlate(strategy);
		copier.start();
		workerTurnNanos = System.nanoTime();
		worker.start();
		feed.select(renderer);
		scheduler.reset(0);
		nextIndexMirror = 0;
		for (int i = 0; i < preroll; i++) {
			awaitReady(i);
			if (followRenderer) {
				feedFresh(channel.bindings().policy().generation()); // fresh frames only, once rendered
			} else {
				scheduleIndex(scheduler.takeNextIndex(), channel.bindings().strategy(),
						channel.bindings().policy().generation());
			}
		}
		// Start with the ready queue at its target as well: the first frames after start are
		// the slowest to render (cold caches, JIT), and starting on an empty queue would
		// underrun at once. Bounded: a renderer that cannot keep up is covered by fills.
		awaitReadyDepth(scheduler.readyTarget());
		startNanos = System.nanoTime();
		playing = true;
		session.startScheduledPlayback(0);
	}

	private void awaitReadyDepth(int depth) {
		long deadline = System.nanoTime() + PREROLL_WAIT_NANOS * Math.max(1, depth);
		while (feed.hasOnAir() && queue.depth() < depth && System.nanoTime() < deadline) {
			feed.wake();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	private void awaitReady(long index) {
		long deadline = System.nanoTime() + PREROLL_WAIT_NANOS;
		while (feed.hasOnAir() && queue.peekIndex() < index && System.nanoTime() < deadline) {
			feed.wake();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/**
	 * Takes new policy settings: grows the pool off the hot path if they need more slots,
	 * then hands them to the worker, which applies depths at the next frame boundary. The
	 * run's preroll stays (it changes at the next start). Control thread.
	 *
	 * @return the settings as they apply to this run
	 */
	PlayoutSettings updateSettings(PlayoutSettings s) {
		int needed = Math.max(s.framePoolSize(),
				PlayoutSettings.minimumPoolSize(preroll, s.maxReadyFrames(), s.minSpareDeviceBuffers()));
		int grown = 0;
		if (needed > pool.size()) {
			grown = pool.grow(needed, i -> session.allocator().allocate(format, pool.rowBytes()));
		}
		PlayoutSettings effective = new PlayoutSettings(Math.max(pool.size(), needed), preroll,
				s.targetReadyFrames(), s.maxReadyFrames(), s.minSpareDeviceBuffers(), s.maxCatchUpFrames(),
				s.adaptiveHeadroom(), s.maxHeadroomFrames());
		effectiveSettings = effective;
		pendingSettings = effective;
		if (grown > 0) {
			channel.post(new PoolObservation(channelId, pool.status(), "grown", Instant.now()));
		}
		if (!playing) {
			applyPendingSettings();
		}
		return effective;
	}

	/** Draws the strategy's slate into a new template (or withdraws it). Control thread. */
	void drawSlate(Binding<UnderrunStrategy> strategy) {
		try {
			templates.drawSlate(strategy.service(), strategy.generation());
		} catch (RuntimeException e) {
			channel.post(new FailureObservation(channelId, "strategy:" + strategy.id(),
					"drawSlate threw " + e + "; SLATE airs as black", Instant.now()));
		}
	}

	/**
	 * Stops playback, waits (bounded) for the device to return every frame, closes the
	 * render and device sessions, parks what the device never returned, and releases the
	 * pool memory. The only teardown; idempotent. Control thread.
	 *
	 * @return frames parked because the device never returned them
	 */
	int close() {
		if (closed) {
			return 0;
		}
		closed = true;
		playing = false;
		try {
			session.stopScheduledPlayback();
		} catch (RuntimeException e) {
			channel.post(new FailureObservation(channelId, "device:" + device.id(),
					"stopScheduledPlayback threw " + e, Instant.now()));
		}
		long deadline = System.nanoTime() + STOP_WAIT_NANOS;
		while ((pool.count(OutputFramePool.SCHEDULED) > 0 || !playbackStopped) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
		feed.close();
		try {
			session.close();
		} catch (RuntimeException e) {
			channel.post(new FailureObservation(channelId, "device:" + device.id(), "close threw " + e,
					Instant.now()));
		}
		workerRunning = false;
		LockSupport.unpark(worker);
		boolean joined = join(worker);
		listening = false;
		forgetNewest();
		queue.clear(this::releaseDropped);
		copier.close(TimeUnit.NANOSECONDS.toMillis(STOP_WAIT_NANOS));
		if (meters != null) {
			meters.close();
		}
		// a frame lent to a preview comes back within a millisecond or two; one that does not is parked
		long previewDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
		while (pool.count(OutputFramePool.READY) > 0 && System.nanoTime() < previewDeadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
		pool.parkAll(OutputFramePool.READY);
		int parked = pool.parkAll(OutputFramePool.SCHEDULED);
		if (parked > 0) {
			channel.post(new PoolObservation(channelId, pool.status(), "parked", Instant.now()));
		}
		if (joined && !copier.alive()) {
			pool.releaseMemory(session.allocator());
		}
		return parked;
	}

	private static boolean join(Thread t) {
		if (!t.isAlive()) {
			return true;
		}
		try {
			t.join(TimeUnit.NANOSECONDS.toMillis(STOP_WAIT_NANOS));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return !t.isAlive();
	}

	// ---------------------------------------------------------------- completion worker

	private void workerLoop() {
		while (workerRunning) {
			workerTurnNanos = System.nanoTime();
			if (hangHook != null) {
				hangHook.maybeHang(channelId, stillRunning);
			}
			if (ring.drain(this, 64) == 0) {
				LockSupport.parkNanos(this, watchdogNanos);
				if (ring.drain(this, 64) == 0) {
					keepDeviceFed();
					feed.watch(System.nanoTime());
				}
			}
		}
		ring.drain(this, Integer.MAX_VALUE);
	}

	/**
	 * The device reports a frame only when the next one replaces it, so a channel whose
	 * scheduled frames all passed (a stall longer than the preroll) would get no completion
	 * and schedule nothing again. When no completion came for two frame periods and nothing
	 * is scheduled past the frame on air, realign to the device's clock and restore the lead.
	 * Completion worker.
	 */
	private void keepDeviceFed() {
		if (!playing) {
			return;
		}
		if (followRenderer) {
			feedFresh(channel.bindings().policy().generation());
			return;
		}
		long now = session.displayIndexNow();
		// Something scheduled after the frame on air will replace it and bring a completion.
		if (now < 0 || scheduler.lastScheduledIndex() > now) {
			return;
		}
		Binding<PlayoutPolicy> policy = channel.bindings().policy();
		Binding<UnderrunStrategy> strategy = channel.bindings().strategy();
		// now + 1 may already be due by the time it is filled: start one further
		long from = scheduler.nextIndex();
		long skipped = scheduler.realign(now + 2);
		for (long k = 0; k < skipped; k++) {
			logSkip(from + k, strategy.generation(), policy.generation());
		}
		long limit = now + 1 + preroll;
		int budget = preroll + PlayoutSettings.MAX_DEPTH;
		while (scheduler.nextIndex() <= limit && budget-- > 0) {
			scheduleIndex(scheduler.takeNextIndex(), strategy, policy.generation());
		}
		nextIndexMirror = scheduler.nextIndex();
		starvations++;
		RecoveryDecision starved = scheduler.freshDecision(true);
		starved.degraded(true);
		starved.reason(RecoveryReason.LEAD_LOW);
		updateDegraded(starved);
		channel.post(new RecoveryObservation(channelId, scheduler.lastCompletedIndex(), scheduler.lastScheduledIndex(),
				now - scheduler.lastCompletedIndex(), (int) Math.min(Integer.MAX_VALUE, skipped), scheduler.lateStreak(),
				scheduler.dropStreak(), RecoveryReason.LEAD_LOW, Instant.now()));
		feed.wake();
	}

	/**
	 * Handles one device completion: the per-frame hot path. Allocates nothing in steady
	 * state; rare events (swaps seen, streak start or end, recovery, failures) allocate their
	 * observation.
	 */
	@Override
	public void completion(FrameBuffer frame, long generation, long index, CompletionResult result, long nanos) {
		Binding<PlayoutPolicy> policy = channel.bindings().policy();
		Binding<UnderrunStrategy> strategy = channel.bindings().strategy();
		TapHub taps = channel.tapHub();
		applyPendingSettings();
		long lateness = lateness(index, nanos);
		counters.result(result);
		Slot slot = pool.slotOf(frame);
		if (slot != null && slot.generation() == generation) {
			int outcome = slot.outcome;
			long renderNanos = slot.renderNanos;
			long rg = slot.rendererGeneration;
			long pg = slot.policyGeneration;
			long sg = slot.strategyGeneration;
			long prg = slot.programGeneration;
			boolean keep = slot == newest && generation == newestGeneration && playing
					&& result != CompletionResult.FLUSHED;
			if (slot == newest && !keep) {
				newest = null; // going back to the pool: a repeat can no longer copy it
				newestKept = false;
			}
			// taps get the aired frame copied on the copy thread, which then frees the slot (or
			// lends it on to a waiting preview); a waiting preview samples it on its own thread
			boolean aired = result.aired();
			boolean tapped = aired && taps.active();
			boolean toTaps = tapped && copier.idle();
			PreviewTap preview = channel.previewTap();
			boolean lend = !keep && !toTaps && aired && preview.wanted();
			if (keep || lend || toTaps ? pool.keep(slot, generation) : pool.release(slot, generation)) {
				if (toTaps) {
					copier.lend(slot, generation, index, keep);
				} else if (lend && !preview.lend(slot, generation, index, pool)) {
					pool.release(slot, generation);
				}
				if (tapped && !toTaps) {
					taps.missed();
				}
				newestKept |= keep;
				log.append(index, OUTCOMES[outcome], result, lateness, renderNanos, rg, pg, sg, prg);
				if (result.aired()) {
					counters.aired(outcome);
				}
			} else {
				counters.staleCompletions++;
			}
		} else {
			counters.staleCompletions++;
		}
		scheduler.account(result, index, lateness);
		if (result == CompletionResult.FLUSHED || !playing) {
			completionsHandled++;
			return;
		}
		if (followRenderer) {
			feedFresh(policy.generation());
			feed.wake();
			completionsHandled++;
			return;
		}
		long limit = index + preroll;
		int budget = preroll + PlayoutSettings.MAX_DEPTH;
		while (scheduler.nextIndex() <= limit && budget-- > 0) {
			scheduleIndex(scheduler.takeNextIndex(), strategy, policy.generation());
		}
		boolean degraded = channel.lifecycle().state() == BackendState.DEGRADED;
		CompletionObservation in = scheduler.observe(queue.depth(), session.bufferedFrameCount(),
				session.displayIndexNow());
		RecoveryDecision decision = decide(policy, in, degraded);
		int targetBefore = scheduler.readyTarget();
		long from = scheduler.nextIndex();
		int skipped = scheduler.apply(decision);
		for (int k = 0; k < skipped; k++) {
			logSkip(from + k, strategy.generation(), policy.generation());
		}
		nextIndexMirror = scheduler.nextIndex();
		readyTargetMirror = scheduler.readyTarget();
		boolean stateChanged = updateDegraded(decision);
		if (skipped > 0 || targetBefore != scheduler.readyTarget() || stateChanged) {
			channel.post(new RecoveryObservation(channelId, index, scheduler.lastScheduledIndex(),
					scheduler.measuredLag(in), skipped, in.lateStreak(), in.dropStreak(), decision.reason(),
					Instant.now()));
		}
		long now = System.nanoTime();
		lastCompletionNanos = now;
		feed.wake();
		feed.watch(now);
		// counted last: whoever waits for a completion to be handled sees its scheduling done
		completionsHandled++;
	}

	private long lateness(long index, long nanos) {
		long start = startNanos;
		return start == 0 ? 0 : nanos - (start + frameTime.nanosOf(index + 1));
	}

	private void applyPendingSettings() {
		PlayoutSettings s = pendingSettings;
		if (s != null && s != appliedSettings) {
			appliedSettings = s;
			scheduler.applySettings(s);
			queue.setCapacity(s.maxReadyFrames());
			readyTargetMirror = scheduler.readyTarget();
		}
	}

	private RecoveryDecision decide(Binding<PlayoutPolicy> policy, CompletionObservation in, boolean degraded) {
		RecoveryDecision d = scheduler.freshDecision(degraded);
		if (!policy.bound()) {
			scheduler.recommend(in, d);
			return d;
		}
		try {
			policy.service().onCompletion(in, d);
			return d;
		} catch (RuntimeException e) {
			counters.pluginErrors++;
			if (failedPolicyGeneration != policy.generation()) {
				failedPolicyGeneration = policy.generation();
				channel.post(new FailureObservation(channelId, "policy:" + policy.id(),
						"onCompletion threw " + e + "; the built-in recovery rule decides", Instant.now()));
			}
			d = scheduler.freshDecision(degraded);
			scheduler.recommend(in, d);
			return d;
		}
	}

	/**
	 * DEGRADED when the decision says so or fresh frames are missing; back to RUNNING after
	 * {@link #CLEAN_RUN_FRAMES} clean completions.
	 *
	 * @return whether the state changed
	 */
	private boolean updateDegraded(RecoveryDecision decision) {
		boolean want = decision.degraded() || underrunStreak > 0;
		cleanRun = want ? 0 : cleanRun + 1;
		BackendState state = channel.lifecycle().state();
		if (want && state == BackendState.RUNNING) {
			return channel.lifecycle().transitionIf(BackendState.RUNNING, BackendState.DEGRADED,
					underrunStreak > 0 && !decision.degraded() ? "playout impaired: no fresh frame (underrun)"
							: DEGRADED_REASONS[decision.reason().ordinal()]) != null;
		}
		if (!want && state == BackendState.DEGRADED && cleanRun >= CLEAN_RUN_FRAMES) {
			return channel.lifecycle().transitionIf(BackendState.DEGRADED, BackendState.RUNNING,
					"recovered: " + CLEAN_RUN_FRAMES + " clean frames") != null;
		}
		return false;
	}

	/**
	 * Free-running device: schedules the ready fresh frames that continue the sequence while
	 * the device holds fewer than the preroll, never a fill. A gap left by a render that failed
	 * is skipped (logged), so one lost frame cannot stall the channel. Worker thread.
	 */
	private void feedFresh(long policyGeneration) {
		Binding<UnderrunStrategy> strategy = channel.bindings().strategy();
		int budget = preroll + PlayoutSettings.MAX_DEPTH;
		while (budget-- > 0 && session.bufferedFrameCount() < preroll) {
			long next = scheduler.nextIndex();
			queue.dropBefore(next);
			long head = queue.peekIndex();
			if (head < 0) {
				break;
			}
			if (head > next) {
				long skipped = scheduler.realign(head);
				for (long k = 0; k < skipped; k++) {
					logSkip(next + k, strategy.generation(), policyGeneration);
				}
			}
			scheduleIndex(scheduler.takeNextIndex(), strategy, policyGeneration);
		}
		nextIndexMirror = scheduler.nextIndex();
	}

	/**
	 * Puts a frame on the device for one display index: the ready frame for it, or an
	 * underrun fill chosen by the strategy (built-in black without one), or nothing (SKIP).
	 * Worker thread (control thread during preroll).
	 */
	private void scheduleIndex(long index, Binding<UnderrunStrategy> strategy, long policyGeneration) {
		boolean keepNewest = strategy.bound();
		Slot slot = queue.poll(index);
		int outcome;
		int kind;
		if (slot != null) {
			outcome = FRESH;
			kind = FillTemplates.NEWEST;
			audio.fresh(slot, index, channel.program());
			endUnderrunStreak();
			if (!keepNewest) {
				forgetNewest();
				templates.resetHistory();
				kind = FillTemplates.NONE;
			}
		} else {
			counters.underruns++;
			underrunStreak++;
			lastUnderrunIndex = index;
			UnderrunAction action = chooseAction(strategy, index);
			lastAction = action;
			kind = templateFor(action);
			outcome = outcomeFor(action, kind);
			if (kind == FillTemplates.NONE && outcome != SKIP) {
				kind = keying ? FillTemplates.KEY_SAFE_BLACK : FillTemplates.BLACK;
			}
			if (outcome != SKIP) {
				slot = pool.acquireForFill();
				if (slot == null) {
					counters.fillStarved++;
					outcome = SKIP;
				} else {
					if (!templates.copyInto(kind, slot, newestOrNull())) {
						// the newest frame's slot was withdrawn meanwhile: black rather than stale pixels
						templates.copyInto(keying ? FillTemplates.KEY_SAFE_BLACK : FillTemplates.BLACK, slot, null);
					}
					slot.renderNanos = -1;
					slot.rendererGeneration = channel.bindings().renderer().generation();
					slot.programGeneration = channel.program().generation();
					slot.producer = null;
					slot.program = null;
					audio.fill(slot, index);
				}
			}
			if (underrunStreak == 1) {
				channel.post(new UnderrunObservation(channelId, index, action, 1, Instant.now()));
			}
		}
		if (outcome == SKIP) {
			logSkip(index, strategy.generation(), policyGeneration);
			nextIndexMirror = scheduler.nextIndex();
			return;
		}
		slot.displayIndex = index;
		slot.outcome = outcome;
		slot.policyGeneration = policyGeneration;
		slot.strategyGeneration = strategy.generation();
		long g = slot.generation();
		if (pool.scheduled(slot, g) && session.schedule(slot, index)) {
			scheduler.scheduled(index);
			if (meters != null) {
				meters.offer(slot.audio());
			}
			if (outcome == FRESH && keepNewest) {
				becomesNewest(slot, g);
			}
			if (kind != FillTemplates.NONE || outcome == FRESH) {
				templates.lastScheduled(kind);
			}
		} else {
			pool.release(slot, g);
			counters.refused++;
			logSkip(index, strategy.generation(), policyGeneration);
		}
		nextIndexMirror = scheduler.nextIndex();
	}

	/** A fresh frame was scheduled: it is the newest now; a kept older one goes back. Worker. */
	private void becomesNewest(Slot slot, long generation) {
		forgetNewest();
		newest = slot;
		newestGeneration = generation;
	}

	/** Returns the kept newest frame to the pool if it was kept, and forgets it. Worker. */
	private void forgetNewest() {
		if (newestKept && !copier.takeOverRelease(newest, newestGeneration)) {
			pool.release(newest, newestGeneration);
		}
		newest = null;
		newestKept = false;
	}

	/** The newest fresh frame while its slot is still this frame, else {@code null}. Worker. */
	private FrameBuffer newestOrNull() {
		return newest != null && newest.generation() == newestGeneration ? newest : null;
	}

	private void endUnderrunStreak() {
		if (underrunStreak > 0) {
			channel.post(new UnderrunObservation(channelId, lastUnderrunIndex, lastAction, underrunStreak,
					Instant.now()));
			underrunStreak = 0;
		}
	}

	private void logSkip(long index, long strategyGeneration, long policyGeneration) {
		counters.skipped++;
		log.append(index, FrameOutcome.SKIP, null, 0, -1, channel.bindings().renderer().generation(), policyGeneration,
				strategyGeneration, channel.program().generation());
	}

	private UnderrunAction chooseAction(Binding<UnderrunStrategy> strategy, long index) {
		UnderrunAction builtIn = keying ? UnderrunAction.KEY_SAFE_BLACK : UnderrunAction.BLACK;
		if (!strategy.bound()) {
			return builtIn;
		}
		Underrun c = underrunContext;
		c.displayIndex = index;
		c.consecutive = underrunStreak;
		c.hasNewest = newest != null;
		c.hasLast = templates.lastScheduled() != FillTemplates.NONE
				&& (templates.lastScheduled() != FillTemplates.NEWEST || newest != null);
		c.keying = keying;
		c.slate = templates.slateAvailable();
		try {
			UnderrunAction a = strategy.service().onUnderrun(c);
			return a == null ? builtIn : a;
		} catch (RuntimeException e) {
			counters.pluginErrors++;
			if (failedStrategyGeneration != strategy.generation()) {
				failedStrategyGeneration = strategy.generation();
				channel.post(new FailureObservation(channelId, "strategy:" + strategy.id(),
						"onUnderrun threw " + e + "; built-in black airs", Instant.now()));
			}
			return builtIn;
		}
	}

	private int templateFor(UnderrunAction action) {
		return switch (action) {
			case REPEAT_NEWEST -> newest != null ? FillTemplates.NEWEST : FillTemplates.NONE;
			case REPEAT_LAST_SCHEDULED -> {
				int last = templates.lastScheduled();
				yield last == FillTemplates.NEWEST && newest == null ? FillTemplates.NONE : last;
			}
			case BLACK -> FillTemplates.BLACK;
			case KEY_SAFE_BLACK -> FillTemplates.KEY_SAFE_BLACK;
			case SLATE -> templates.slateAvailable() ? FillTemplates.SLATE : FillTemplates.NONE;
			case SKIP -> FillTemplates.NONE;
		};
	}

	private static int outcomeFor(UnderrunAction action, int kind) {
		if (action == UnderrunAction.SKIP) {
			return SKIP;
		}
		if (kind == FillTemplates.NONE) {
			return BLACK; // the chosen action was impossible: black instead
		}
		return switch (action) {
			case REPEAT_NEWEST, REPEAT_LAST_SCHEDULED -> REPEAT;
			case SLATE -> SLATE;
			default -> BLACK;
		};
	}

	/** The reused underrun context handed to strategies. */
	private static final class Underrun implements UnderrunContext {
		long displayIndex;
		int consecutive;
		boolean hasNewest;
		boolean hasLast;
		boolean keying;
		boolean slate;

		@Override
		public long displayIndex() {
			return displayIndex;
		}

		@Override
		public int consecutiveUnderruns() {
			return consecutive;
		}

		@Override
		public boolean hasNewestCompleted() {
			return hasNewest;
		}

		@Override
		public boolean hasLastScheduled() {
			return hasLast;
		}

		@Override
		public boolean keyingEnabled() {
			return keying;
		}

		@Override
		public boolean slateAvailable() {
			return slate;
		}
	}

	// ---------------------------------------------------------------- status

	long epoch() {
		return epoch;
	}

	Binding<VideoOutputDevice> device() {
		return device;
	}

	VideoFormat format() {
		return format;
	}

	OutputSession session() {
		return session;
	}

	OutputFramePool pool() {
		return pool;
	}

	RenderOutputQueue<Slot> queue() {
		return queue;
	}

	PlayoutSettings settings() {
		return effectiveSettings;
	}

	boolean playing() {
		return playing;
	}

	/** The next display index the worker will schedule (or skip). */
	@Override
	public long nextIndex() {
		return nextIndexMirror;
	}

	@Override
	public int readyTarget() {
		return readyTargetMirror;
	}

	/** Completions the worker has handled, for tests that step a device. */
	long completionsHandled() {
		return completionsHandled;
	}

	/** In-flight renders of the lane on air, or 0. */
	int inFlight() {
		return feed.inFlight();
	}

	boolean hasRenderSession() {
		return feed.hasOnAir();
	}

	RenderFeed feed() {
		return feed;
	}

	// ---------------------------------------------------------------- RenderFeed.Host

	@Override
	public int spareSlots() {
		return effectiveSettings.minSpareDeviceBuffers();
	}

	@Override
	public boolean clockRunning() {
		return playing && !followRenderer;
	}

	@Override
	public long lastCompletionNanos() {
		return lastCompletionNanos;
	}

	@Override
	public void frameQueued() {
		if (followRenderer) {
			LockSupport.unpark(worker); // a free-running device waits for exactly this frame
		}
	}

	@Override
	public Channel.ProgramBinding program() {
		return channel.program();
	}

	@Override
	public RenderFeed.Settings renderSettings() {
		return channel.renderSettings();
	}

	@Override
	public Binding<Renderer> selected() {
		return channel.bindings().renderer();
	}

	@Override
	public Renderer registered(String id) {
		return channel.bindings().registered(id);
	}

	@Override
	public void post(Observation o) {
		channel.post(o);
	}

	@Override
	public void onControl(Runnable task) {
		channel.onControl(task);
	}

	/** Nanoseconds since the worker's last turn, or -1 when it is not running. Any thread. */
	long workerIdleNanos() {
		if (!worker.isAlive() || !workerRunning) {
			return -1;
		}
		return Math.max(0, System.nanoTime() - workerTurnNanos);
	}

	Thread workerThread() {
		return worker;
	}

	long displayIndexNow() {
		return playing ? session.displayIndexNow() : -1;
	}

	/** Completions the ring refused because it was full. */
	long refusedCompletions() {
		return ring.refused();
	}

	/** The preroll times the frame duration: how far ahead of the frame on air the device is fed. */
	/** The device's reference input as the session reports it; a failing device reports none. */
	ReferenceStatus reference() {
		try {
			ReferenceStatus r = session.reference();
			return r == null ? ReferenceStatus.NOT_SUPPORTED : r;
		} catch (RuntimeException e) {
			return ReferenceStatus.NOT_SUPPORTED;
		}
	}

	long outputLatencyNanos() {
		return frameTime.nanosOf(preroll);
	}

	/** The audio meters and counters (allocates; any thread, at human rates). */
	org.genlock.api.backend.AudioStatus audioStatus() {
		return meters != null ? meters.status(audio.kernelErrors, audio.clippedSamples)
				: org.genlock.api.backend.AudioStatus.NONE;
	}
}
