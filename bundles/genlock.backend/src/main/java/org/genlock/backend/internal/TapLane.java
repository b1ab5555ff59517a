package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.tap.FrameTap;
import org.genlock.api.tap.TapSession;
import org.genlock.api.tap.TapStatus;
import org.genlock.api.video.VideoFormat;
import org.genlock.backend.internal.OutputFramePool.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tap of one channel: a single-producer single-consumer ring of the tap's own frame
 * buffers and the thread ({@code genlock-<channel>-tap-<id>}) that hands them to the tap's
 * session. The copy thread offers each aired frame ({@link #offer}); it never waits. A lane
 * that is idle (ring empty, no borrowed frame in hand) borrows the aired pool slot itself when
 * the {@link Lender} allows it, and its thread hands the session a read-only view of the slot
 * and gives the slot back when the call returns: no copy. A busy lane gets a copy in its ring;
 * with the ring full the frame is counted dropped. Frames reach the session in display order
 * (a borrowed frame is only taken with the ring empty, and later frames queue behind it). The
 * lane's thread opens the session (and allocates the ring) when the first frame of a format
 * arrives, and makes a view of a pool slot the first time it borrows that slot, so nothing on
 * the playout path allocates and nothing allocates per frame.
 */
final class TapLane {

	/** Where borrowed slots come from and go back to: the run's copy thread. */
	interface Lender {
		/** Copy thread: whether one more slot may be out with a tap now. */
		boolean mayBorrow();

		/** Copy thread: a lane borrows the slot being offered. */
		void borrowed(Slot slot);

		/** Lane thread: the lane is done with a borrowed slot. */
		void giveBack(Slot slot, long generation, long displayIndex);
	}

	private static final Logger LOG = LoggerFactory.getLogger(TapLane.class);
	static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(3);
	static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final String channelId;
	private final String tapId;
	private final FrameTap tap;
	private final int depth;
	private final Thread thread;
	private volatile boolean running = true;

	/** The ring for the current format, published by the lane's thread once allocated. */
	private volatile TapFrame[] ring;
	/** Producer (copy thread) count of frames put in; consumer count of frames taken out. */
	private volatile long tail;
	private volatile long head;
	/** The format the copy thread saw that the ring does not fit: the lane reopens for it. */
	private volatile VideoFormat wantedFormat;
	private volatile int wantedRowBytes;
	private volatile int wantedAudioChannels;

	private volatile TapSession session;
	private volatile String openState = "idle";
	private volatile long delivered;
	private volatile long dropped;
	private volatile long errors;
	private volatile String lastError;

	/** A pool slot borrowed for the session (copy thread sets it when {@code null}; lane thread clears it). */
	private final AtomicReference<Slot> borrowed = new AtomicReference<>();
	private long borrowedGeneration;
	private long borrowedIndex;
	private Lender borrowedFrom;
	/** The session's read-only view of a borrowed slot (lane thread). */
	private final LentFrame lentFrame = new LentFrame();
	/** Frames the session got as a borrowed slot rather than a copy (lane thread; logged at the end). */
	private long borrowedFrames;

	TapLane(String channelId, String tapId, FrameTap tap, int depth) {
		this.channelId = channelId;
		this.tapId = tapId;
		this.tap = tap;
		this.depth = depth;
		this.thread = new Thread(this::loop, "genlock-" + channelId + "-tap-" + tapId);
		thread.setDaemon(true);
		thread.start();
	}

	FrameTap tap() {
		return tap;
	}

	String tapId() {
		return tapId;
	}

	/**
	 * Copy thread: lends an aired frame to the idle lane ({@code lender} permitting) or copies
	 * it into the ring, or counts it dropped when the ring is full. Asks the lane to (re)open
	 * when the ring does not fit the frame. No allocation.
	 *
	 * @param lender where the slot may be borrowed from, or {@code null} to copy only
	 */
	void offer(Slot frame, long displayIndex, Lender lender) {
		TapFrame[] r = ring;
		if (r == null || !r[0].fits(frame)) {
			if (wantedFormat != frame.format() || wantedRowBytes != frame.rowBytes()
					|| wantedAudioChannels != frame.audio().channels()) {
				wantedRowBytes = frame.rowBytes();
				wantedAudioChannels = frame.audio().channels();
				wantedFormat = frame.format();
				LockSupport.unpark(thread);
			}
			return; // not open for this format yet: not a drop, the tap has not started
		}
		long t = tail;
		if (lender != null && t == head && borrowed.get() == null && running && lender.mayBorrow()) {
			lender.borrowed(frame);
			long g = frame.generation();
			borrowedGeneration = g;
			borrowedIndex = displayIndex;
			borrowedFrom = lender;
			borrowed.set(frame); // publishes the fields above to the lane's thread
			if (!running && borrowed.compareAndSet(frame, null)) {
				lender.giveBack(frame, g, displayIndex); // the lane ended meanwhile: it will not
			} else {
				LockSupport.unpark(thread);
			}
			return;
		}
		if (t - head >= r.length) {
			dropped++; // single writer: the copy thread
			return;
		}
		r[(int) (t % r.length)].copyFrom(frame, displayIndex);
		tail = t + 1;
		LockSupport.unpark(thread);
	}

	/** Copy thread: an aired frame the copy thread could not take (still copying the previous one). */
	void missed() {
		if (ring != null) {
			dropped++;
		}
	}

	private void loop() {
		long retryAt = 0;
		while (running) {
			VideoFormat want = wantedFormat;
			TapFrame[] r = ring;
			int audioChannels = wantedAudioChannels;
			if (want != null && (r == null || !want.equals(r[0].format()) || wantedRowBytes != r[0].rowBytes()
					|| audioChannels != r[0].audio().channels())) {
				if (System.nanoTime() >= retryAt) {
					if (!reopen(want, wantedRowBytes, audioChannels)) {
						retryAt = System.nanoTime() + RETRY_NANOS;
					}
				}
				LockSupport.parkNanos(IDLE_PARK_NANOS);
				continue;
			}
			Slot b = borrowed.get();
			if (b != null) {
				deliverBorrowed(b);
				continue;
			}
			long h = head;
			if (r == null || h == tail) {
				LockSupport.parkNanos(IDLE_PARK_NANOS);
				continue;
			}
			TapFrame f = r[(int) (h % r.length)];
			try {
				session.frame(f, f.displayIndex);
				delivered++;
			} catch (RuntimeException e) {
				error(e);
			}
			head = h + 1;
		}
		giveBackBorrowed();
		closeSession();
		LOG.info("channel {}: tap {} ended: {} frames delivered ({} read from the aired slot, the rest copies), {} dropped",
				channelId, tapId, delivered, borrowedFrames, dropped);
	}

	/** Lane thread: hands the session a view of the borrowed slot, then gives the slot back. */
	private void deliverBorrowed(Slot b) {
		try {
			TapSession s = session;
			if (s != null && b.generation() == borrowedGeneration) {
				s.frame(lentFrame.of(b), borrowedIndex);
				delivered++;
				borrowedFrames++;
			}
		} catch (RuntimeException e) {
			error(e);
		} finally {
			giveBackBorrowed();
		}
	}

	/** Lane thread: gives a borrowed slot back (delivered or not). */
	private void giveBackBorrowed() {
		Slot b = borrowed.get();
		if (b != null) {
			Lender from = borrowedFrom;
			long g = borrowedGeneration;
			long index = borrowedIndex;
			if (borrowed.compareAndSet(b, null)) { // the copy thread may lend this lane the next frame from here
				from.giveBack(b, g, index);
			}
		}
	}

	/** Lane thread: closes the old session, allocates a ring for the format and opens a new one. */
	private boolean reopen(VideoFormat format, int rowBytes, int audioChannels) {
		giveBackBorrowed();
		closeSession();
		ring = null;
		head = tail; // nothing of the old ring is delivered into the new session
		openState = "opening";
		try {
			TapFrame[] r = new TapFrame[depth];
			for (int i = 0; i < depth; i++) {
				r[i] = new TapFrame(i, format, rowBytes, audioChannels);
			}
			session = tap.open(channelId, format, audioChannels);
			head = tail;
			ring = r;
			openState = null;
			LOG.info("channel {}: tap {} open for {}", channelId, tapId, format.name());
			return true;
		} catch (Exception | OutOfMemoryError e) {
			error(e);
			openState = "failed: " + e.getMessage();
			LOG.warn("channel {}: tap {} could not open for {}: {}; retrying in {} s", channelId, tapId, format.name(),
					e.getMessage(), TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS));
			return false;
		}
	}

	private void error(Throwable e) {
		errors++;
		lastError = String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage());
	}

	private void closeSession() {
		TapSession s = session;
		session = null;
		if (s != null) {
			try {
				s.close();
			} catch (RuntimeException e) {
				error(e);
			}
		}
	}

	/** Ends the lane: the thread closes the session and ends. Waits at most {@code millis}. */
	void close(long millis) {
		running = false;
		LockSupport.unpark(thread);
		try {
			thread.join(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (thread.isAlive()) {
			LOG.warn("channel {}: tap {} did not close within {} ms (its session is still busy); abandoning it",
					channelId, tapId, millis);
		}
	}

	TapStatus status() {
		TapSession s = session;
		String state = openState;
		if (state == null) {
			try {
				state = s == null ? "idle" : s.state();
			} catch (RuntimeException e) {
				state = "unknown: state() threw " + e;
			}
		}
		return new TapStatus(tapId, state == null ? "unknown" : state, delivered, dropped, errors, lastError);
	}

	/**
	 * The session's view of a borrowed pool slot: its own read-only duplicate of each slot's
	 * pixels (made the first time the lane borrows that slot object, then reused), so a tap that
	 * moves the buffer's position while it reads cannot disturb another tap reading the same
	 * slot, nor write it. Lane thread only.
	 */
	private static final class LentFrame implements FrameBuffer {
		private final Slot[] sources = new Slot[PlayoutSettings.MAX_POOL_SIZE];
		private final ByteBuffer[] views = new ByteBuffer[sources.length];
		private Slot slot;
		private ByteBuffer view;

		LentFrame of(Slot s) {
			int i = s.slot();
			if (sources[i] != s) {
				ByteBuffer px = s.pixels();
				views[i] = px.asReadOnlyBuffer().order(px.order());
				sources[i] = s;
			}
			slot = s;
			view = views[i];
			view.clear();
			return this;
		}

		@Override
		public int slot() {
			return slot.slot();
		}

		@Override
		public long generation() {
			return slot.generation();
		}

		@Override
		public VideoFormat format() {
			return slot.format();
		}

		@Override
		public int rowBytes() {
			return slot.rowBytes();
		}

		@Override
		public ByteBuffer pixels() {
			return view;
		}

		@Override
		public AudioBuffer audio() {
			return slot.audio();
		}
	}
}
