package org.genlock.backend.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.genlock.api.tap.FrameTap;
import org.genlock.api.tap.TapStatus;
import org.genlock.backend.internal.OutputFramePool.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's taps: one {@link TapLane} per bound {@link FrameTap}. Binds and unbinds come
 * from DS threads and replace the lane array (copy on write); the copy thread reads it once
 * per frame and never allocates.
 */
final class TapHub {

	private static final Logger LOG = LoggerFactory.getLogger(TapHub.class);
	static final int DEFAULT_DEPTH = 4;
	static final int MAX_DEPTH = 64;
	static final long CLOSE_MILLIS = 2000;
	private static final TapLane[] NONE = {};

	private final String channelId;
	private final Object lock = new Object();
	private volatile TapLane[] lanes = NONE;
	private boolean closed;

	TapHub(String channelId) {
		this.channelId = channelId;
	}

	/** A tap was bound: starts its lane. Any thread. */
	void add(FrameTap tap, Map<String, Object> properties) {
		String id = String.valueOf(properties.getOrDefault(FrameTap.ID, "tap-" + properties.get("service.id")));
		int depth = depth(id, properties.get(FrameTap.BUFFER_FRAMES));
		synchronized (lock) {
			if (closed) {
				return;
			}
			TapLane lane = new TapLane(channelId, id, tap, depth);
			TapLane[] next = Arrays.copyOf(lanes, lanes.length + 1);
			next[next.length - 1] = lane;
			lanes = next;
		}
		LOG.info("channel {}: tap {} added ({} frames buffered)", channelId, id, depth);
	}

	private int depth(String id, Object value) {
		if (value == null) {
			return DEFAULT_DEPTH;
		}
		try {
			int d = Integer.parseInt(value.toString().strip());
			if (d >= 1 && d <= MAX_DEPTH) {
				return d;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		LOG.warn("channel {}: tap {}: {}={} is not 1..{}; using {}", channelId, id, FrameTap.BUFFER_FRAMES, value,
				MAX_DEPTH, DEFAULT_DEPTH);
		return DEFAULT_DEPTH;
	}

	/** A tap was unbound: ends its lane (its session is closed on the lane's thread). Any thread. */
	void remove(FrameTap tap) {
		TapLane gone = null;
		synchronized (lock) {
			List<TapLane> next = new ArrayList<>(Arrays.asList(lanes));
			for (TapLane l : lanes) {
				if (l.tap() == tap) {
					gone = l;
					next.remove(l);
					break;
				}
			}
			lanes = next.toArray(NONE);
		}
		if (gone != null) {
			gone.close(CLOSE_MILLIS);
			LOG.info("channel {}: tap {} removed", channelId, gone.tapId());
		}
	}

	/** Whether any tap is bound. One volatile read. */
	boolean active() {
		return lanes.length > 0;
	}

	/**
	 * Copy thread: offers the aired frame to every tap: an idle tap borrows the slot from
	 * {@code lender} if it may, a busy one gets a copy in its ring ({@code lender} {@code null}:
	 * copies only).
	 */
	void offer(Slot frame, long displayIndex, TapLane.Lender lender) {
		for (TapLane l : lanes) {
			l.offer(frame, displayIndex, lender);
		}
	}

	/** Completion worker: an aired frame no tap gets (the copy thread was busy). */
	void missed() {
		for (TapLane l : lanes) {
			l.missed();
		}
	}

	List<TapStatus> status() {
		List<TapStatus> out = new ArrayList<>();
		for (TapLane l : lanes) {
			out.add(l.status());
		}
		return List.copyOf(out);
	}

	/** Ends every lane; later binds are ignored. */
	void close() {
		TapLane[] all;
		synchronized (lock) {
			closed = true;
			all = lanes;
			lanes = NONE;
		}
		for (TapLane l : all) {
			l.close(CLOSE_MILLIS);
		}
	}
}
