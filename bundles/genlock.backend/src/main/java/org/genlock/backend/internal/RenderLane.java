package org.genlock.backend.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.telemetry.FailureObservation;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.Timecode;
import org.genlock.api.video.VideoFormat;

import org.genlock.backend.internal.OutputFramePool.Slot;

/**
 * One render session of a {@link RenderFeed} and the thread that lends it frames: a
 * candidate on probation, the lane on air, or retired. Every report is checked against
 * what this lane lent (slot, generation, display index), so a report for a target taken back,
 * a duplicate or a foreign one is ignored and counted. The lane measures how long its frames
 * take, from lending to report, and aims each render at the display index that will still be
 * due when the frame is done.
 *
 * <p>Threads: the lane's own thread lends and calls {@link RenderSession#render}; reports
 * arrive on any thread; the completion worker reads the estimate and abandons overdue renders;
 * the control thread takes back what the closed session never reported. Per frame nothing
 * allocates.
 */
final class RenderLane implements RenderCompletion {

	static final int CANDIDATE = 0;
	static final int ON_AIR = 1;
	static final int RETIRED = 2;
	/** Replaced by a candidate that proved itself at {@link #handOverAt}: fills the indices before it, then retires. */
	static final int HANDING_OVER = 3;

	/** Margin on top of the estimate: scheduling jitter of the worker and the renderer. */
	static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
	/** Frames the producer may be beyond the newest useful display index before it is moved back. */
	static final int AHEAD_SLACK = 2;
	/** Longest lead in frames (the estimate is bounded by the render budget anyway). */
	static final int MAX_LEAD = 1000;
	/** Render times the estimate is taken from. */
	static final int SAMPLES = 8;

	private static final int FREE = 0;
	private static final int LENT = 1;
	private static final int ABANDONED = 2;

	final RenderFeed feed;
	final RenderSession session;
	final Renderer renderer;
	final String rendererId;
	final long rendererGeneration;
	final int maxInFlight;
	volatile int role = ON_AIR;
	/** While handing over: the first display index the new lane airs; this one renders only before it. */
	volatile long handOverAt = Long.MAX_VALUE;
	/** The feed saw this lane stall and handed it to the control thread. */
	volatile boolean stallReported;
	/** A stall with nothing to fall back to was reported once. */
	volatile boolean stallWithoutFallbackReported;
	/** The estimate last logged, in hundredths of a frame period (-1: never); lane thread only. */
	int loggedPeriods100 = -1;
	long loggedAt;

	private final Thread thread;
	private final AtomicBoolean started = new AtomicBoolean();
	private final long createdNanos = System.nanoTime();
	private final long idleParkNanos;
	private final AtomicInteger inFlight = new AtomicInteger();
	private final AtomicIntegerArray lentState = new AtomicIntegerArray(PlayoutSettings.MAX_POOL_SIZE);
	private final long[] lentIndex = new long[PlayoutSettings.MAX_POOL_SIZE];
	private final long[] lentGeneration = new long[PlayoutSettings.MAX_POOL_SIZE];
	private final long[] lentProgram = new long[PlayoutSettings.MAX_POOL_SIZE];
	private final Channel.ProgramBinding[] lentBinding = new Channel.ProgramBinding[PlayoutSettings.MAX_POOL_SIZE];
	private final long[] lentAt = new long[PlayoutSettings.MAX_POOL_SIZE];
	private final Request request;
	private volatile long lastProgress = System.nanoTime();
	/**
	 * The last {@link #SAMPLES} times from lending to report. The estimate is the second
	 * longest of them: a renderer that needs that long every time is aimed far enough ahead,
	 * while one slow frame (a pause of the machine) does not carry the aim a second into the
	 * future and leave every index before it without a frame. Written by the reporting thread
	 * (one at a time per lane), read by the lane's thread and the worker; a torn read of one
	 * sample only shifts the estimate for a frame.
	 */
	private final long[] samples = new long[SAMPLES];
	private volatile long sampleCount;
	/** Failures reported by this lane's session; compared by the lane thread across its own call. */
	private volatile long failures;
	private volatile boolean failureReported;
	/** The last report was a failure: lending again is no progress until a frame is rendered. */
	private volatile boolean failing;

	/** A candidate's next probe is not lent before this ({@code System.nanoTime()}). */
	private volatile long nextProbeAt = System.nanoTime();

	// lane thread only
	private long producerNext;

	RenderLane(RenderFeed feed, RenderSession session, Renderer renderer, String rendererId, long rendererGeneration,
			int maxInFlight, long number) {
		this.feed = feed;
		this.session = session;
		this.renderer = renderer;
		this.rendererId = rendererId;
		this.rendererGeneration = rendererGeneration;
		this.maxInFlight = Math.min(maxInFlight, PlayoutSettings.MAX_POOL_SIZE);
		this.request = new Request(feed.format());
		this.idleParkNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), feed.frameNanos() / 4);
		this.thread = new Thread(this::run, "genlock-" + feed.channelId() + "-render-" + rendererId + "-" + number);
		thread.setDaemon(true);
	}

	/** Starts the lane's thread; idempotent. */
	void start() {
		if (started.compareAndSet(false, true)) {
			thread.start();
		}
	}

	void wake() {
		java.util.concurrent.locks.LockSupport.unpark(thread);
	}

	boolean threadAlive() {
		return thread.isAlive();
	}

	/** Waits at most {@code nanos} for the lane's thread to end. */
	boolean awaitThreadEnd(long nanos) {
		if (!started.get() || Thread.currentThread() == thread) {
			return true;
		}
		try {
			thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return !thread.isAlive();
	}

	long millisSinceStart() {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos);
	}

	int inFlight() {
		return inFlight.get();
	}

	long lastProgress() {
		return lastProgress;
	}

	void progress(long now) {
		lastProgress = now;
	}

	/** How long a frame takes now: the second longest of the last samples; -1 before the first. */
	long estimateNanos() {
		long n = Math.min(sampleCount, SAMPLES);
		if (n == 0) {
			return -1;
		}
		long first = -1;
		long second = -1;
		for (int i = 0; i < n; i++) {
			long v = samples[i];
			if (v > first) {
				second = first;
				first = v;
			} else if (v > second) {
				second = v;
			}
		}
		return n == 1 ? first : second;
	}

	/**
	 * How many display indices past the next one to schedule a render started {@code now}
	 * should be for: the first one still unscheduled when the frame will be done. The worker
	 * schedules the next index at the next completion, expected one frame period after the
	 * last, and one more every period after that. 0 while the output's clock does not run
	 * (preroll, free-running outputs): nothing is late then.
	 */
	int lead(long now) {
		RenderFeed.Host host = feed.host();
		if (!host.clockRunning()) {
			return 0;
		}
		long e = Math.max(0, estimateNanos()); // unmeasured: assume fast; a late first frame teaches the lane
		long needed = e + e / 4 + MARGIN_NANOS;
		long period = feed.frameNanos();
		long untilNext = Math.max(0, host.lastCompletionNanos() + period - now);
		if (needed <= untilNext) {
			return 0;
		}
		long frames = (needed - untilNext + period - 1) / period;
		return (int) Math.min(MAX_LEAD, frames);
	}

	/**
	 * For status: how many frame periods a frame takes beyond its own, so how many indices a
	 * render skips ahead when the queue has run dry; 0 for a renderer inside a frame period.
	 */
	int lead() {
		long e = estimateNanos();
		if (e < 0 || !feed.host().clockRunning()) {
			return 0;
		}
		long period = feed.frameNanos();
		long frames = (e + e / 4 + MARGIN_NANOS + period - 1) / period;
		return (int) Math.max(0, Math.min(MAX_LEAD, frames - 1));
	}

	// ---------------------------------------------------------------- lane thread

	private void run() {
		try {
			while (role != RETIRED && !feed.closed()) {
				long failuresBefore = failures;
				if (role == ON_AIR) {
					feed.logLead(this, System.nanoTime());
				}
				if (!produceOne()) {
					if (failures != failuresBefore) {
						backOff();
					} else {
						RenderFeed.park(this, idleParkNanos);
					}
				}
			}
		} finally {
			feed.laneEnded(this);
		}
	}

	/** Waits an idle period after a render failed at once, ignoring the wake-up the failure sent. */
	private void backOff() {
		long until = System.nanoTime() + idleParkNanos;
		long left;
		while (role != RETIRED && (left = until - System.nanoTime()) > 0) {
			RenderFeed.park(this, left);
		}
	}

	/** Lends one slot to the session if the lane should render now. Lane thread. */
	private boolean produceOne() {
		int r = role;
		if (r == RETIRED) {
			return false;
		}
		RenderFeed.Host host = feed.host();
		RenderOutputQueue<Slot> queue = feed.queue();
		int flying = inFlight.get();
		if (flying >= maxInFlight || (r == CANDIDATE && (flying > 0 || System.nanoTime() - nextProbeAt < 0))) {
			return false;
		}
		if (r == HANDING_OVER && host.nextIndex() >= handOverAt) {
			role = RETIRED; // everything before the hand-over is scheduled: nothing left to fill
			return false;
		}
		if (r != CANDIDATE) {
			// The target can lag a settings change by a frame: never exceed the capacity. While a
			// candidate is on probation its start-up (a GL context compiling its shaders) competes
			// for the CPU: the lane on air keeps the queue full as a cushion.
			int target = feed.hasCandidate() ? queue.capacity() : Math.min(host.readyTarget(), queue.capacity());
			if (queue.depth() + flying >= target) {
				if (flying == 0) {
					lastProgress = System.nanoTime(); // idle because the queue is full: not a stall
				}
				return false;
			}
		}
		Slot slot = feed.pool().acquireKeeping(host.spareSlots());
		if (slot == null) {
			if (flying == 0) {
				lastProgress = System.nanoTime(); // waiting for a slot, not for the renderer
			}
			return false;
		}
		long now = System.nanoTime();
		long index = nextRenderIndex(r == CANDIDATE, flying, now);
		if (index >= handOverAt) {
			feed.pool().release(slot, slot.generation());
			role = RETIRED; // the new lane airs from here
			return false;
		}
		producerNext = index + 1;
		Channel.ProgramBinding program = host.program();
		request.set(index, program, now + host.renderSettings().budgetNanos());
		lend(slot, index, program, now);
		long failuresBefore = failures;
		try {
			session.render(request, slot, this);
		} catch (RuntimeException e) {
			failed(slot, index, "render threw " + e);
		}
		if (failures != failuresBefore) {
			producerNext = index; // the index still needs a frame
			return false;
		}
		return true;
	}

	/**
	 * The display index to render next: the one due when the frame will be done, and for the
	 * lane on air after the last one it lent, but never further ahead than a frame could be
	 * useful (after the newest ready frame and the renders in flight), so a run of failures
	 * cannot carry it into the distant future. Lane thread.
	 */
	private long nextRenderIndex(boolean probe, int flying, long now) {
		long aim = feed.host().nextIndex() + lead(now);
		if (probe) {
			return aim;
		}
		long index = Math.max(producerNext, aim);
		long useful = Math.max(aim, feed.queue().lastIndex() + 1) + flying;
		return index > useful + AHEAD_SLACK ? useful : index;
	}

	private void lend(Slot slot, long index, Channel.ProgramBinding program, long now) {
		long programGeneration = program.generation();
		int i = slot.slot();
		lentIndex[i] = index;
		lentGeneration[i] = slot.generation();
		lentProgram[i] = programGeneration;
		lentBinding[i] = program;
		lentAt[i] = now;
		if (inFlight.getAndIncrement() == 0 && !failing) {
			lastProgress = now; // the renderer's clock starts with its first outstanding render
		}
		lentState.set(i, LENT); // publishes the fields above
	}

	// ---------------------------------------------------------------- reports (any thread)

	/** The slot if {@code target} is one this lane lent for {@code displayIndex} and has not been taken back. */
	private Slot check(FrameBuffer target, long displayIndex) {
		Slot s = feed.pool().slotOf(target);
		if (s == null) {
			feed.counters().staleRenders.incrementAndGet();
			return null;
		}
		int i = s.slot();
		int state = lentState.get(i);
		if (state == FREE || lentIndex[i] != displayIndex || lentGeneration[i] != s.generation()
				|| !lentState.compareAndSet(i, state, FREE)) {
			feed.counters().staleRenders.incrementAndGet();
			return null;
		}
		if (state == ABANDONED) {
			feed.pool().release(s, lentGeneration[i]); // written off when it ran past the budget
			inFlight.decrementAndGet();
			return null;
		}
		return s;
	}

	@Override
	public void rendered(FrameBuffer target, long displayIndex, long renderNanos) {
		Slot s = check(target, displayIndex);
		if (s == null) {
			feed.host().frameQueued();
			return;
		}
		int i = s.slot();
		long now = System.nanoTime();
		long took = now - lentAt[i];
		long generation = lentGeneration[i];
		int r = role;
		inFlight.decrementAndGet();
		if (r != RETIRED) {
			long n = sampleCount;
			samples[(int) (n % SAMPLES)] = took;
			sampleCount = n + 1;
			lastProgress = now;
			failing = false;
		}
		RenderFeed.Host host = feed.host();
		boolean inTime = displayIndex >= host.nextIndex();
		if (r == CANDIDATE && !inTime) {
			// a probe keeps the CPU from the lane on air: at most one third of the time
			nextProbeAt = now + 2 * took;
		}
		// a candidate's frame in time is its proof: it goes to air with it (unless withdrawn meanwhile)
		boolean airs = r != RETIRED && inTime && (r != CANDIDATE || feed.promote(this, displayIndex));
		if (!airs) {
			if (r != RETIRED && !inTime) {
				feed.counters().lateRenders.incrementAndGet();
			}
			feed.pool().release(s, generation);
		} else {
			s.renderNanos = took;
			s.rendererGeneration = rendererGeneration;
			s.programGeneration = lentProgram[i];
			s.program = lentBinding[i];
			s.producer = this;
			if (feed.pool().ready(s, generation)) {
				feed.queue().push(s, displayIndex);
			} else {
				feed.counters().staleRenders.incrementAndGet();
			}
		}
		host.frameQueued();
		wake();
	}

	@Override
	public void failed(FrameBuffer target, long displayIndex, String reason) {
		Slot s = check(target, displayIndex);
		if (s != null) {
			feed.pool().release(s, lentGeneration[s.slot()]);
			inFlight.decrementAndGet();
			failing = true;
			failures++;
			feed.counters().renderFailures.incrementAndGet();
			if (!failureReported && role != RETIRED) {
				failureReported = true;
				feed.host().post(new FailureObservation(feed.channelId(), "renderer:" + rendererId,
						"render of display index " + displayIndex + " failed: " + reason
								+ " (further failures are counted, not reported)",
						Instant.now()));
			}
		}
		wake();
	}

	// ---------------------------------------------------------------- worker and control thread

	/** Writes off renders outstanding past the budget; they count as abandoned. Worker. */
	void abandonOverdue(long now, long budgetNanos) {
		if (inFlight.get() == 0) {
			return;
		}
		int size = feed.pool().size();
		for (int i = 0; i < size; i++) {
			if (lentState.get(i) == LENT && now - lentAt[i] > budgetNanos && lentState.compareAndSet(i, LENT, ABANDONED)) {
				feed.counters().abandonedRenders.incrementAndGet();
			}
		}
	}

	/**
	 * After the session closed: every target it still held goes back to the pool, or is
	 * parked if the close was not clean (the renderer may still write it). Control thread.
	 *
	 * @return targets taken back
	 */
	int takeBackOutstanding(boolean clean) {
		int n = 0;
		int size = feed.pool().size();
		for (int i = 0; i < size; i++) {
			int state = lentState.get(i);
			if (state != FREE && lentState.compareAndSet(i, state, FREE)) {
				Slot s = feed.pool().slot(i);
				boolean taken = clean ? feed.pool().release(s, lentGeneration[i]) : feed.pool().parkIf(s, lentGeneration[i]);
				if (taken) {
					n++;
				}
				inFlight.decrementAndGet();
			}
		}
		return n;
	}

	@Override
	public String toString() {
		return "render lane " + rendererId + " (" + (role == ON_AIR ? "on air" : role == CANDIDATE ? "candidate"
				: role == HANDING_OVER ? "handing over at " + handOverAt : "retired")
				+ ")";
	}

	/** The reused render request. */
	private static final class Request implements RenderRequest {
		private final VideoFormat format;
		private final FrameTime frameTime;
		private final boolean dropFrame;
		private long displayIndex;
		private long frameTimeNanos;
		private long deadline = Long.MAX_VALUE;
		private Program program = Program.EMPTY;
		private long programGeneration;

		Request(VideoFormat format) {
			this.format = format;
			this.frameTime = format.frameTime();
			this.dropFrame = Timecode.isDropFrameRate(format.frameRate());
		}

		void set(long index, Channel.ProgramBinding p, long deadlineNanos) {
			displayIndex = index;
			frameTimeNanos = frameTime.nanosOf(index);
			program = p.program();
			programGeneration = p.generation();
			deadline = deadlineNanos;
		}

		@Override
		public long displayIndex() {
			return displayIndex;
		}

		@Override
		public VideoFormat format() {
			return format;
		}

		@Override
		public long frameTimeNanos() {
			return frameTimeNanos;
		}

		@Override
		public long timecodeFrames() {
			return displayIndex;
		}

		@Override
		public boolean dropFrame() {
			return dropFrame;
		}

		@Override
		public Program program() {
			return program;
		}

		@Override
		public long programGeneration() {
			return programGeneration;
		}

		@Override
		public long deadlineNanos() {
			return deadline;
		}
	}
}
