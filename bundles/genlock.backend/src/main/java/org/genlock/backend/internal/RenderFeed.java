package org.genlock.backend.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.backend.RenderFeedStatus;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.telemetry.FailureObservation;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.PoolObservation;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.genlock.backend.internal.OutputFramePool.Slot;

/**
 * The render side of one playout run: which render sessions produce frames, for which display
 * indices, and what happens when one stops delivering. It talks to the frame pool and the
 * ready queue only; everything else it needs from its run goes through {@link Host}.
 *
 * <h2>Cadence: demand, aimed at the index due when the frame is done</h2> A
 * {@link RenderLane} renders whenever the ready queue plus its renders in flight are below
 * the ready target and a slot is free (queue-fill pressure, woken by the completion worker
 * after every frame), not on a timer: a timer would either waste frames or leave the queue
 * short. What changed is the index it renders for. The completion worker schedules the
 * next index within one frame period, so a frame started now for {@code nextIndex} is only
 * useful if it is done within that period. A renderer slower than that (Mesa llvmpipe
 * needs 3 to 4 frame periods for 1080p) delivered every frame after its index had been
 * scheduled: nothing fresh ever aired. Each lane now measures how long its frames take from
 * lending to report and aims at {@code nextIndex + lead}, {@code lead = ceil(estimate /
 * frame period)} with a margin, the index that is still due when the frame is done. A
 * renderer needing three frame periods then airs every third index fresh, with the underrun
 * strategy's repeats between, instead of black. Measured in {@code genlock.render.gl.itest}
 * ({@code GlCadenceTest}): fresh frames on air against the GL renderer's standalone rate.
 *
 * <h2>Make-before-break with proof</h2> A renderer the channel selects while another one is
 * airing becomes a <em>candidate</em>: its lane renders one probe frame at a time, aimed like
 * any other; only when a probe is delivered in time (its index not yet scheduled) does the
 * candidate go to air, with that frame, and the previous lane retires. Until then the
 * previous renderer keeps airing. With nothing airing a selected renderer goes to air at
 * once.
 *
 * <h2>Stalls and fallback</h2> The completion worker calls {@link #watch} once per frame. An
 * on-air lane that has made no progress (no frame rendered, and not idle because the queue
 * is full) for the stall timeout is replaced: by the candidate if there is one, else by the
 * renderer that aired before it, else by the first registered renderer of the configured
 * fallback chain; the swap is logged at WARN, posted as a {@code SWAP} observation with its
 * reason and counted. The selected renderer is tried again later as a candidate, with a
 * growing back-off, so it returns to air by itself once it delivers in time. A render
 * outstanding past the render budget is abandoned: its frame is written off and its target
 * stays withdrawn until the renderer reports it.
 *
 * <h2>Threads</h2> Each lane renders on a thread of its own, so a render that hangs holds
 * only its own lane. {@link #select}, {@link #close} and every change of which lane airs run
 * on the channel's control thread; {@link #watch} and {@link #wake} on the completion worker;
 * reports on whatever thread the renderer uses. Per frame nothing allocates.
 */
final class RenderFeed {

	private static final Logger LOG = LoggerFactory.getLogger(RenderFeed.class);

	/** How the reason of an automatic replacement starts (logged at WARN). */
	static final String FALLBACK = "fallback: ";
	/** Longest back-off between tries of the selected renderer. */
	static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
	/** Least time between two log lines about a lane's lead. */
	static final long LEAD_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);
	/** Bound on waiting for a lane's thread to leave a render before its session is closed. */
	static final long LANE_QUIESCE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/**
	 * The render settings of a channel, applied live.
	 *
	 * @param budgetNanos   longest a single render may be outstanding before it is abandoned
	 * @param stallNanos    longest an on-air renderer may make no progress before it is
	 *                      replaced
	 * @param fallbackChain renderer ids to fall back to, in order, after the one that aired
	 *                      before the stalled one
	 * @param retryNanos    first wait before the selected renderer is tried again after a
	 *                      fallback; it doubles up to a minute
	 */
	record Settings(long budgetNanos, long stallNanos, List<String> fallbackChain, long retryNanos) {

		static final Settings DEFAULTS = new Settings(TimeUnit.MILLISECONDS.toNanos(500),
				TimeUnit.MILLISECONDS.toNanos(500), List.of(), TimeUnit.SECONDS.toNanos(5));

		Settings {
			fallbackChain = List.copyOf(fallbackChain);
		}
	}

	/** What the feed needs from its run and channel. */
	interface Host {
		/** The next display index the completion worker will schedule (or skip). */
		long nextIndex();

		/** The ready depth the on-air lane keeps (ready plus in flight). */
		int readyTarget();

		/** Free slots to leave for underrun fills. */
		int spareSlots();

		/** Whether the output's clock runs: before playback starts nothing can be late. */
		boolean clockRunning();

		/** When the worker handled the last completion ({@code System.nanoTime()}). */
		long lastCompletionNanos();

		/** Called after a frame was queued: a free-running output waits for exactly that. */
		void frameQueued();

		/** The program in force. */
		Channel.ProgramBinding program();

		/** The channel's render settings in force. */
		Settings renderSettings();

		/** The renderer binding the channel selects now. */
		Binding<Renderer> selected();

		/** A registered renderer by id, whether selected or not; {@code null} if none. */
		Renderer registered(String id);

		void post(Observation o);

		/** Runs a task on the channel's control thread, after what is queued there. */
		void onControl(Runnable task);
	}

	private final Host host;
	private final String channelId;
	private final VideoFormat format;
	private final long frameNanos;
	private final OutputFramePool pool;
	private final RenderOutputQueue<Slot> queue;
	private final ChannelCounters counters;
	private final Object lanes = new Object();
	private long laneNumbers;

	private volatile RenderLane onAir;
	private volatile RenderLane candidate;
	private volatile boolean closed;
	/** Id of the renderer that aired before the one on air: the first fallback. Control thread. */
	private String previousId;
	private volatile String fallbackReason;
	private volatile Instant fallbackTime;
	/** When to try the selected renderer again after a fallback (nanoTime), or 0. */
	private volatile long retryAt;
	private long retryBackoff = -1;
	/** Lanes retired but whose session is not closed yet (their thread is still in a render). */
	private final java.util.List<RenderLane> retiring = new java.util.concurrent.CopyOnWriteArrayList<>();

	RenderFeed(Host host, String channelId, VideoFormat format, OutputFramePool pool, RenderOutputQueue<Slot> queue,
			ChannelCounters counters) {
		this.host = host;
		this.channelId = channelId;
		this.format = format;
		this.frameNanos = format.frameTime().nanosOf(1);
		this.pool = pool;
		this.queue = queue;
		this.counters = counters;
	}

	// ---------------------------------------------------------------- control thread

	/**
	 * Follows the channel's renderer selection: with none, every lane retires and the underrun
	 * strategy fills; with a renderer that is not already airing, a session is opened (which
	 * may take a good part of a second for a GL context) and goes to air at once if nothing
	 * airs, else on probation as the candidate. Control thread.
	 */
	void select(Binding<Renderer> renderer) {
		if (closed) {
			return;
		}
		RenderLane air = onAir;
		if (!renderer.bound()) {
			retireCandidate("the renderer selection was removed");
			if (air != null) {
				onAir = null;
				retire(air, true);
				post(air.rendererId, null, renderer.generation(), "renderer unbound: the underrun strategy fills");
			}
			return;
		}
		if (air != null && air.renderer == renderer.service() && air.rendererGeneration == renderer.generation()) {
			return;
		}
		RenderLane current = candidate;
		if (current != null && current.renderer == renderer.service()
				&& current.rendererGeneration == renderer.generation()) {
			return;
		}
		RenderLane lane = open(renderer.service(), renderer.id(), renderer.generation());
		if (lane == null) {
			return; // reported; the lane on air, if any, keeps airing
		}
		retireCandidate("replaced by a newer selection (" + renderer.id() + ")");
		air = onAir;
		if (air == null) {
			goOnAir(lane, "selected; nothing else was airing");
		} else {
			lane.role = RenderLane.CANDIDATE;
			candidate = lane;
			LOG.info("channel {}: renderer {} selected; it goes to air once it delivers a frame in time, {} airs meanwhile",
					channelId, renderer.id(), air.rendererId);
			lane.start();
		}
	}

	private RenderLane open(Renderer renderer, String id, long generation) {
		try {
			RenderSession session = renderer.open(format);
			return new RenderLane(this, session, renderer, id, generation, Math.max(1, session.maxInFlight()),
					++laneNumbers);
		} catch (RenderException | RuntimeException e) {
			host.post(new FailureObservation(channelId, "renderer:" + id, "could not open a render session for "
					+ format.name() + ": " + e.getMessage()
					+ (onAir == null ? "; the underrun strategy fills" : "; " + onAir.rendererId + " keeps airing"),
					Instant.now()));
			return null;
		}
	}

	/** Puts a lane on air and retires the one it replaces. Control thread or a lane's promotion (under the lock). */
	private void goOnAir(RenderLane lane, String reason) {
		RenderLane before;
		synchronized (lanes) {
			before = onAir;
			lane.role = RenderLane.ON_AIR;
			lane.progress(System.nanoTime());
			onAir = lane;
			if (candidate == lane) {
				candidate = null;
			}
		}
		if (before != null) {
			previousId = before.rendererId;
			retire(before, true);
		}
		post(before == null ? null : before.rendererId, lane.rendererId, lane.rendererGeneration, reason);
		lane.start();
		Binding<Renderer> selected = host.selected();
		if (selected.bound() && selected.service() == lane.renderer) {
			retryAt = 0;
			retryBackoff = -1;
		}
	}

	/**
	 * A candidate delivered a frame in time for {@code displayIndex}: it goes to air with that
	 * frame. The lane it replaces hands over: it keeps filling the indices before that one and
	 * then retires; its frames queued for later indices are dropped, so the picture changes
	 * once, at {@code displayIndex}. On the thread that reported the frame.
	 *
	 * @return whether the lane went to air (not if it was withdrawn meanwhile)
	 */
	boolean promote(RenderLane lane, long displayIndex) {
		RenderLane before;
		synchronized (lanes) {
			if (closed || candidate != lane || lane.role != RenderLane.CANDIDATE) {
				return false;
			}
			before = onAir;
			lane.role = RenderLane.ON_AIR;
			lane.progress(System.nanoTime());
			onAir = lane;
			candidate = null;
			if (before != null) {
				before.handOverAt = displayIndex;
				before.role = RenderLane.HANDING_OVER;
				retiring.add(before); // closed when its thread ends
			}
		}
		if (before != null) {
			queue.dropAfter(displayIndex, s -> s.producer != lane);
			before.wake();
		}
		String beforeId = before == null ? null : before.rendererId;
		host.onControl(() -> {
			if (beforeId != null) {
				previousId = beforeId;
			}
			Binding<Renderer> selected = host.selected();
			if (selected.bound() && selected.service() == lane.renderer) {
				retryAt = 0;
				retryBackoff = -1;
			}
		});
		host.post(new SwapObservation(channelId, SwapKind.RENDERER, beforeId, lane.rendererId, lane.rendererGeneration,
				displayIndex, Instant.now(), "delivered a frame in time after " + lane.millisSinceStart() + " ms on probation"));
		return true;
	}

	private void retireCandidate(String why) {
		RenderLane c = candidate;
		if (c != null) {
			candidate = null;
			LOG.info("channel {}: candidate renderer {} withdrawn: {}", channelId, c.rendererId, why);
			retire(c, true);
		}
	}

	/**
	 * Stops a lane lending; its session closes once its thread is out of render: here if this
	 * is the control thread, else on the control thread.
	 */
	private void retire(RenderLane lane, boolean onControlThread) {
		if (lane.role == RenderLane.RETIRED) {
			return;
		}
		lane.role = RenderLane.RETIRED;
		retiring.add(lane);
		lane.wake();
		if (onControlThread) {
			closeLane(lane, false);
		} else {
			host.onControl(() -> closeLane(lane, false));
		}
	}

	/**
	 * Closes a retired lane's session and takes back what it still holds, once its thread has
	 * left render (bounded wait). If it has not (a hung render), the lane stays in
	 * {@link #retiring} and is closed when its thread ends. Control thread.
	 */
	private void closeLane(RenderLane lane, boolean force) {
		if (!retiring.contains(lane)) {
			return;
		}
		if (!lane.awaitThreadEnd(force ? LANE_QUIESCE_NANOS : LANE_QUIESCE_NANOS / 10)) {
			if (!force) {
				return; // the lane's thread asks again when its render returns
			}
			LOG.warn("channel {}: renderer {} is still inside a render after {} ms; its session is closed anyway",
					channelId, lane.rendererId, TimeUnit.NANOSECONDS.toMillis(LANE_QUIESCE_NANOS));
		}
		retiring.remove(lane);
		boolean clean = true;
		try {
			lane.session.close();
		} catch (RuntimeException e) {
			clean = false;
			host.post(new FailureObservation(channelId, "renderer:" + lane.rendererId,
					"closing the render session threw " + e + "; its unreported frames are parked", Instant.now()));
		}
		int taken = lane.takeBackOutstanding(clean);
		if (taken > 0) {
			host.post(new PoolObservation(channelId, pool.status(), clean ? "reclaimed" : "parked", Instant.now()));
		}
	}

	/** A lane's thread ended: close its session if it was retired. Lane thread. */
	void laneEnded(RenderLane lane) {
		if (retiring.contains(lane)) {
			host.onControl(() -> closeLane(lane, false));
		}
	}

	/**
	 * The on-air lane made no progress for the stall timeout (seen by {@link #watch}): replace
	 * it by the candidate, the renderer that aired before it or the fallback chain. With
	 * nothing to fall back to it stays on air and the stall is reported. Control thread.
	 */
	private void stalled(RenderLane lane, String why) {
		if (closed || onAir != lane) {
			return;
		}
		RenderLane c = candidate;
		String reason = FALLBACK + lane.rendererId + " " + why;
		if (c != null) {
			counters.rendererFallbacks.incrementAndGet();
			fallback(reason + "; candidate " + c.rendererId + " goes to air");
			synchronized (lanes) {
				candidate = null;
			}
			goOnAir(c, reason + "; candidate " + c.rendererId + " goes to air");
			return;
		}
		for (String id : fallbackOrder(lane.rendererId)) {
			Renderer r = host.registered(id);
			if (r == null) {
				continue;
			}
			RenderLane next = open(r, id, host.selected().generation());
			if (next == null) {
				continue;
			}
			counters.rendererFallbacks.incrementAndGet();
			String text = reason + "; " + id + " goes to air";
			fallback(text);
			goOnAir(next, text);
			scheduleRetry();
			return;
		}
		if (!lane.stallWithoutFallbackReported) {
			lane.stallWithoutFallbackReported = true;
			host.post(new FailureObservation(channelId, "renderer:" + lane.rendererId, lane.rendererId + " " + why
					+ " and no other renderer is registered to fall back to (renderer.fallback); it stays selected",
					Instant.now()));
		}
		lane.stallReported = false; // keep watching: it may recover, or a fallback may appear
		lane.progress(System.nanoTime());
	}

	private List<String> fallbackOrder(String failed) {
		java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>();
		if (previousId != null) {
			order.add(previousId);
		}
		order.addAll(host.renderSettings().fallbackChain());
		order.remove(failed);
		return List.copyOf(order);
	}

	/** Records an automatic replacement; the SWAP observation that follows is logged at WARN. */
	private void fallback(String reason) {
		fallbackReason = reason;
		fallbackTime = Instant.now();
	}

	private void scheduleRetry() {
		long wait = retryBackoff < 0 ? host.renderSettings().retryNanos() : retryBackoff;
		retryAt = System.nanoTime() + wait;
		retryBackoff = Math.min(RETRY_MAX_NANOS, wait * 2);
	}

	/** Tries the selected renderer again as a candidate after a fallback. Control thread. */
	private void retrySelected() {
		retryAt = 0;
		Binding<Renderer> selected = host.selected();
		RenderLane air = onAir;
		if (closed || !selected.bound() || candidate != null || (air != null && air.renderer == selected.service())) {
			return;
		}
		for (RenderLane l : retiring) {
			if (l.renderer == selected.service() && l.threadAlive()) {
				scheduleRetry(); // its last lane is still stuck inside a render: do not stack another
				return;
			}
		}
		LOG.info("channel {}: trying renderer {} again", channelId, selected.id());
		RenderLane lane = open(selected.service(), selected.id(), selected.generation());
		if (lane == null) {
			scheduleRetry();
			return;
		}
		lane.role = RenderLane.CANDIDATE;
		candidate = lane;
		lane.start();
	}

	/** A renderer service went away: a lane still using it can no longer deliver. Control thread. */
	void unregistered(Renderer renderer) {
		RenderLane c = candidate;
		if (c != null && c.renderer == renderer) {
			retireCandidate("its renderer was unregistered");
		}
		RenderLane air = onAir;
		if (air != null && air.renderer == renderer) {
			air.stallReported = true;
			stalled(air, "was unregistered");
		}
	}

	/**
	 * Retires every lane and closes their sessions, waiting a bounded time for their threads;
	 * what a lane never reported is parked. Control thread; the run is closing.
	 */
	void close() {
		RenderLane air;
		RenderLane c;
		synchronized (lanes) {
			closed = true;
			air = onAir;
			c = candidate;
			onAir = null;
			candidate = null;
		}
		if (air != null) {
			retire(air, true);
		}
		if (c != null) {
			retire(c, true);
		}
		for (RenderLane l : retiring) {
			closeLane(l, true);
		}
	}

	// ---------------------------------------------------------------- completion worker

	/** Wakes the lanes after the worker took a frame. Worker; allocates nothing. */
	void wake() {
		RenderLane l = onAir;
		if (l != null) {
			l.wake();
		}
		RenderLane c = candidate;
		if (c != null) {
			c.wake();
		}
	}

	/**
	 * Watches the on-air lane: abandons a render past the budget and hands a stall to the
	 * control thread; starts a due retry. Worker, once per frame; allocates only when it acts.
	 */
	void watch(long now) {
		RenderLane l = onAir;
		Settings s = host.renderSettings();
		if (l != null && l.role == RenderLane.ON_AIR) {
			l.abandonOverdue(now, s.budgetNanos());
			if (!l.stallReported && now - l.lastProgress() > s.stallNanos()) {
				l.stallReported = true;
				String why = "delivered no frame for " + TimeUnit.NANOSECONDS.toMillis(now - l.lastProgress()) + " ms";
				host.onControl(() -> stalled(l, why));
			}
		}
		RenderLane c = candidate;
		if (c != null) {
			c.abandonOverdue(now, s.budgetNanos());
		}
		long due = retryAt;
		if (due != 0 && now - due > 0) {
			retryAt = 0;
			host.onControl(this::retrySelected);
		}
	}

	/**
	 * Says once a renderer on air needs more than a frame period, and again when that changes
	 * by a frame period or more (at most every ten seconds): how long it takes and how far
	 * ahead it renders because of it, what an operator needs to see why a slow renderer airs
	 * repeats between its frames. On the lane's thread, between renders; the line is written
	 * on the control thread.
	 */
	void logLead(RenderLane l, long now) {
		long estimate = l.estimateNanos();
		if (estimate < 0) {
			return;
		}
		long periods100 = estimate * 100 / frameNanos;
		int logged = l.loggedPeriods100;
		boolean first = logged < 0;
		if (first ? periods100 < 100 : Math.abs(periods100 - logged) < 100 || now - l.loggedAt < LEAD_LOG_NANOS) {
			return; // a renderer inside a frame period is not news, nor a change of less than a period
		}
		l.loggedPeriods100 = (int) Math.min(Integer.MAX_VALUE, periods100);
		l.loggedAt = now;
		String id = l.rendererId;
		host.onControl(() -> { // logged off the worker: a log write may block
			if (periods100 >= 100) {
				LOG.info("channel {}: renderer {} takes {} ms a frame, {} frame periods of {}: it renders each frame for "
						+ "the index due when it is done, about one fresh frame in {} airs", channelId, id,
						TimeUnit.NANOSECONDS.toMillis(estimate),
						String.format(java.util.Locale.ROOT, "%.1f", periods100 / 100.0), format.name(),
						(periods100 + 99) / 100);
			} else {
				LOG.info("channel {}: renderer {} takes {} ms a frame again, within a frame period of {}", channelId, id,
						TimeUnit.NANOSECONDS.toMillis(estimate), format.name());
			}
		});
	}

	// ---------------------------------------------------------------- lanes' side

	Host host() {
		return host;
	}

	OutputFramePool pool() {
		return pool;
	}

	RenderOutputQueue<Slot> queue() {
		return queue;
	}

	ChannelCounters counters() {
		return counters;
	}

	String channelId() {
		return channelId;
	}

	long frameNanos() {
		return frameNanos;
	}

	VideoFormat format() {
		return format;
	}

	boolean closed() {
		return closed;
	}

	private void post(String fromId, String toId, long generation, String reason) {
		host.post(new SwapObservation(channelId, SwapKind.RENDERER, fromId, toId, generation,
				host.clockRunning() ? host.nextIndex() + queue.depth() : -1, Instant.now(), reason));
	}

	// ---------------------------------------------------------------- status

	/** Whether a candidate is on probation. */
	boolean hasCandidate() {
		return candidate != null;
	}

	/** Whether a lane is on air. */
	boolean hasOnAir() {
		return onAir != null;
	}

	/** Renders in flight on the on-air lane. */
	int inFlight() {
		RenderLane l = onAir;
		return l == null ? 0 : l.inFlight();
	}

	RenderFeedStatus status() {
		RenderLane l = onAir;
		RenderLane c = candidate;
		return new RenderFeedStatus(l == null ? null : l.rendererId, c == null ? null : c.rendererId,
				l == null ? -1 : l.estimateNanos(), l == null ? 0 : l.lead(), fallbackReason, fallbackTime);
	}

	/** The lane on air, for tests. */
	RenderLane onAir() {
		return onAir;
	}

	/** The candidate, for tests. */
	RenderLane candidate() {
		return candidate;
	}

	static void park(Object blocker, long nanos) {
		LockSupport.parkNanos(blocker, nanos);
	}
}
