package org.genlock.backend.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.tap.FrameTap;
import org.genlock.api.tap.TapSession;
import org.genlock.api.tap.TapStatus;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tap of one channel: a single-producer single-consumer ring of the tap's own frame
 * buffers and the thread ({@code genlock-<channel>-tap-<id>}) that hands them to the tap's
 * session. The copy thread fills the ring ({@link #offer}); it never waits: with the ring
 * full the frame is counted dropped. The lane's thread opens the session (and allocates the
 * ring) when the first frame of a format arrives, so nothing on the playout path allocates.
 */
final class TapLane {

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
	 * Copy thread: copies an aired frame into the ring, or counts it dropped when the ring is
	 * full. Asks the lane to (re)open when the ring does not fit the frame. No allocation.
	 */
	void offer(FrameBuffer frame, long displayIndex) {
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
		closeSession();
	}

	/** Lane thread: closes the old session, allocates a ring for the format and opens a new one. */
	private boolean reopen(VideoFormat format, int rowBytes, int audioChannels) {
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
}
