package org.genlock.backend.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.telemetry.FailureObservation;
import org.genlock.api.telemetry.PoolObservation;
import org.genlock.api.telemetry.RecoveryObservation;
import org.genlock.api.telemetry.UnderrunObservation;
import org.genlock.api.telemetry.SwapObservation;
import org.genlock.api.telemetry.LifecycleObservation;
import org.genlock.api.telemetry.Observation;
import org.genlock.api.telemetry.TelemetrySink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's event thread ({@code genlock-<channel>-events}): delivers observations, in
 * order, to every bound {@link TelemetrySink} and to the optional publisher (EventAdmin),
 * and writes the lifecycle and failure log lines. Posting never blocks: the queue is
 * bounded and an observation that does not fit is dropped and counted, because playout
 * never waits for telemetry.
 */
final class ObservationBus {

	private static final Logger LOG = LoggerFactory.getLogger(ObservationBus.class);
	/** Observations waiting for delivery before new ones are dropped. */
	static final int QUEUE_CAPACITY = 1024;

	private final String channelId;
	private final ArrayBlockingQueue<Observation> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
	private final List<TelemetrySink> sinks = new CopyOnWriteArrayList<>();
	private final Supplier<ObservationPublisher> publisher;
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong delivered = new AtomicLong();
	private final Thread thread;
	private volatile boolean running = true;

	ObservationBus(String channelId, Supplier<ObservationPublisher> publisher) {
		this.channelId = channelId;
		this.publisher = publisher;
		thread = new Thread(this::run, "genlock-" + channelId + "-events");
		thread.setDaemon(true);
		thread.start();
	}

	void addSink(TelemetrySink sink) {
		sinks.add(sink);
	}

	void removeSink(TelemetrySink sink) {
		sinks.remove(sink);
	}

	/** Queues an observation; drops and counts it if the queue is full. Never blocks. */
	void post(Observation o) {
		if (!running || !queue.offer(o)) {
			dropped.incrementAndGet();
		}
	}

	long dropped() {
		return dropped.get();
	}

	long delivered() {
		return delivered.get();
	}

	/** Whether everything posted so far has been delivered (for tests and orderly stop). */
	boolean idle() {
		return queue.isEmpty() && !busy;
	}

	private volatile boolean busy;

	private void run() {
		while (running || !queue.isEmpty()) {
			Observation o;
			try {
				o = queue.poll(200, TimeUnit.MILLISECONDS);
			} catch (InterruptedException e) {
				if (!running) {
					continue;
				}
				Thread.currentThread().interrupt();
				return;
			}
			if (o == null) {
				continue;
			}
			busy = true;
			try {
				log(o);
				deliver(o);
			} finally {
				busy = false;
			}
		}
	}

	private void log(Observation o) {
		if (o instanceof LifecycleObservation l) {
			StateTransition t = l.transition();
			if (t.to() == BackendState.FAILED) {
				LOG.error("channel {}: {} -> {} ({})", channelId, t.from(), t.to(), t.reason());
			} else {
				LOG.info("channel {}: {} -> {} ({})", channelId, t.from(), t.to(), t.reason());
			}
		} else if (o instanceof FailureObservation f) {
			LOG.error("channel {}: {} failed: {}", channelId, f.component(), f.message());
		} else if (o instanceof SwapObservation w) {
			// what an operator looks for after swapping a bundle: when it went to air, and why
			String kind = w.kind().name().toLowerCase(java.util.Locale.ROOT);
			if (w.reason() == null) {
				LOG.info("channel {}: {} {} -> {} from display index {} (generation {})", channelId, kind,
						name(w.fromId()), name(w.toId()), w.atDisplayIndex(), w.generation());
			} else if (w.reason().startsWith(RenderFeed.FALLBACK)) {
				LOG.warn("channel {}: {} {} -> {} from display index {} (generation {}): {}", channelId, kind,
						name(w.fromId()), name(w.toId()), w.atDisplayIndex(), w.generation(), w.reason());
			} else {
				LOG.info("channel {}: {} {} -> {} from display index {} (generation {}): {}", channelId, kind,
						name(w.fromId()), name(w.toId()), w.atDisplayIndex(), w.generation(), w.reason());
			}
		} else if (o instanceof UnderrunObservation u) {
			LOG.warn("channel {}: underrun at display index {}: {} ({} in a row)", channelId, u.displayIndex(),
					u.action(), u.consecutive());
		} else if (o instanceof RecoveryObservation r && LOG.isDebugEnabled()) {
			// posted only when a decision changed something (a skip, the ready target, the state)
			LOG.debug("channel {}: recovery decision at display index {}: {}, {} indices skipped; lag {} frames, "
					+ "late streak {}, drop streak {}, scheduled up to {}", channelId, r.completedIndex(), r.reason(),
					r.catchUpFrames(), r.measuredLagFrames(), r.lateStreak(), r.dropStreak(), r.scheduledIndex());
		} else if (o instanceof PoolObservation p) {
			LOG.warn("channel {}: frame pool {}: {}", channelId, p.event(), p.pool());
		}
	}

	private static String name(String id) {
		return id == null ? "(none)" : id;
	}

	private void deliver(Observation o) {
		for (TelemetrySink sink : sinks) {
			try {
				sink.observe(o);
			} catch (RuntimeException e) {
				LOG.warn("channel {}: telemetry sink {} threw on {}; ignored", channelId, sink, o.topic(), e);
			}
		}
		ObservationPublisher p = publisher.get();
		if (p != null) {
			try {
				p.publish(o);
			} catch (RuntimeException e) {
				LOG.warn("channel {}: publishing {} failed; ignored", channelId, o.topic(), e);
			}
		}
		delivered.incrementAndGet();
	}

	/** Delivers what is queued (waiting at most {@code millis}) and ends the thread. */
	void close(long millis) {
		running = false;
		try {
			thread.join(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		thread.interrupt();
	}
}
