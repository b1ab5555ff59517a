package org.genlock.webconsole.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.imageio.ImageIO;

import org.genlock.api.backend.PreviewFrame;
import org.genlock.api.control.ChannelControl;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ControlException.Reason;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * One encoded preview per channel and size, shared by every client of the Genlock page and
 * the HTTP API (both servlets hold this one component). Each preview costs the channel a
 * sampled aired frame and this bundle a JPEG encode; eight clients looping a 1080p preview
 * used to cost eight of each in parallel, without end.
 *
 * <ul>
 * <li>Single flight: concurrent requests for the same channel and size wait for the one
 * sample and encode in progress and all get its result (or its error).</li>
 * <li>A result younger than {@link #MAX_AGE_NANOS} (longer than a frame at every rate the
 * platform plays), or than {@link #COST_FACTOR} times the processor time its sample and
 * encode took, is served as it is: a full-HD JPEG costs some 50 to 100 ms of a core, so
 * previews take at most a tenth of one whatever the number of clients.</li>
 * <li>Bounded: at most {@link #SIZES_PER_CHANNEL} sizes per channel, the least recently used
 * one goes; whenever a size is added, entries of channels that are gone or unused for
 * {@link #IDLE_NANOS} are dropped.</li>
 * </ul>
 */
@Component(service = PreviewCache.class)
public class PreviewCache {

	/** How long an encoded preview is served to further clients, at least. */
	static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
	/** A preview is served for this many times the processor time it cost. */
	static final int COST_FACTOR = 10;
	/** Sizes kept per channel. */
	static final int SIZES_PER_CHANNEL = 4;
	/** Entries unused this long are dropped when a size is added. */
	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

	/** Where previews come from: the channel control, or a fake in unit tests. */
	interface Source {
		Optional<PreviewFrame> preview(String channelId, int maxWidth, int maxHeight)
				throws ControlException, InterruptedException;

		List<String> channelIds();
	}

	private record Key(String channelId, int width, int height) {
	}

	/** The shared state of one channel and size; its monitor guards the fields. */
	private static final class Entry {
		volatile long used;
		byte[] jpeg;
		long encodedNanos;
		long costNanos;
		Flight flight;
	}

	/** One sample and encode in progress, and its outcome for everyone waiting on it. */
	private static final class Flight {
		final CountDownLatch done = new CountDownLatch(1);
		byte[] jpeg; // null: the channel is not on air
		Exception failure;

		Optional<byte[]> await() throws ControlException, InterruptedException {
			done.await();
			if (failure instanceof ControlException e) {
				throw e;
			}
			if (failure != null) {
				throw new ControlException(Reason.UNAVAILABLE, "the preview could not be taken: " + failure.getMessage());
			}
			return Optional.ofNullable(jpeg);
		}
	}

	private final Source source;
	private final LongSupplier nanos;
	private final LongSupplier cpuNanos;
	private final Map<Key, Entry> entries = new HashMap<>(); // guarded by itself

	@Activate
	public PreviewCache(@Reference ChannelControl control) {
		this(source(control), System::nanoTime, threadCpuNanos());
	}

	PreviewCache(Source source, LongSupplier nanos, LongSupplier cpuNanos) {
		this.source = source;
		this.nanos = nanos;
		this.cpuNanos = cpuNanos;
	}

	/** The calling thread's processor time, or nothing measured where the runtime cannot tell. */
	static LongSupplier threadCpuNanos() {
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		if (!threads.isCurrentThreadCpuTimeSupported()) {
			return () -> 0;
		}
		return threads::getCurrentThreadCpuTime;
	}

	/** The channel control as a preview source. */
	static Source source(ChannelControl control) {
		return new Source() {
			@Override
			public Optional<PreviewFrame> preview(String channelId, int maxWidth, int maxHeight)
					throws ControlException, InterruptedException {
				return control.preview(channelId, maxWidth, maxHeight);
			}

			@Override
			public List<String> channelIds() {
				return control.channelIds();
			}
		};
	}

	/**
	 * Returns the JPEG of a recently aired frame of the channel at most {@code maxWidth} x
	 * {@code maxHeight}: a shared one if it is young enough, else the result of the one encode
	 * in progress or of a new one.
	 *
	 * @return the JPEG, or empty if the channel is not on air
	 * @throws ControlException for an unknown channel or a size the channel refuses
	 */
	Optional<byte[]> jpeg(String channelId, int maxWidth, int maxHeight) throws ControlException, InterruptedException {
		Key key = new Key(channelId, maxWidth, maxHeight);
		Entry e = entry(key);
		Flight flight;
		boolean mine;
		synchronized (e) {
			long now = nanos.getAsLong();
			e.used = now;
			if (e.jpeg != null && now - e.encodedNanos < Math.max(MAX_AGE_NANOS, COST_FACTOR * e.costNanos)) {
				return Optional.of(e.jpeg);
			}
			mine = e.flight == null;
			if (mine) {
				e.flight = new Flight();
			}
			flight = e.flight;
		}
		if (mine) {
			fly(key, e, flight);
		}
		return flight.await();
	}

	private void fly(Key key, Entry e, Flight flight) {
		byte[] jpeg = null;
		Exception failure = null;
		long cpu = cpuNanos.getAsLong();
		try {
			Optional<PreviewFrame> frame = source.preview(key.channelId(), key.width(), key.height());
			jpeg = frame.isPresent() ? encode(frame.get()) : null;
		} catch (ControlException | InterruptedException | RuntimeException x) {
			failure = x;
			if (x instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
		synchronized (e) {
			if (jpeg != null) {
				e.jpeg = jpeg;
				e.encodedNanos = nanos.getAsLong();
				e.costNanos = cpuNanos.getAsLong() - cpu; // sampled on this thread too (the backend lends the frame)
			}
			e.flight = null;
		}
		flight.jpeg = jpeg;
		flight.failure = failure;
		flight.done.countDown();
		if (failure instanceof ControlException c && c.reason() == Reason.UNKNOWN_CHANNEL) {
			forget(key.channelId());
		}
	}

	private Entry entry(Key key) {
		synchronized (entries) {
			Entry e = entries.get(key);
			if (e != null) {
				return e;
			}
		}
		List<String> channels = source.channelIds(); // not under the lock: the control may take its time
		synchronized (entries) {
			Entry e = entries.get(key);
			if (e == null) {
				prune(key.channelId(), channels);
				e = new Entry();
				e.used = nanos.getAsLong();
				entries.put(key, e);
			}
			return e;
		}
	}

	/** Makes room for one more size of {@code channelId}; drops the gone and the idle. Holds the lock. */
	private void prune(String channelId, List<String> channels) {
		long now = nanos.getAsLong();
		entries.entrySet().removeIf(x -> !channels.contains(x.getKey().channelId()) || now - x.getValue().used > IDLE_NANOS);
		Key oldest = null;
		int sizes = 0;
		for (Map.Entry<Key, Entry> x : entries.entrySet()) {
			if (x.getKey().channelId().equals(channelId)) {
				sizes++;
				if (oldest == null || x.getValue().used < entries.get(oldest).used) {
					oldest = x.getKey();
				}
			}
		}
		if (sizes >= SIZES_PER_CHANNEL) {
			entries.remove(oldest); // a request still waiting on it keeps its own reference
		}
	}

	private void forget(String channelId) {
		synchronized (entries) {
			entries.keySet().removeIf(k -> k.channelId().equals(channelId));
		}
	}

	/** Entries held, for tests. */
	int size() {
		synchronized (entries) {
			return entries.size();
		}
	}

	/** Sizes held for one channel, for tests. */
	int sizes(String channelId) {
		synchronized (entries) {
			return (int) entries.keySet().stream().filter(k -> k.channelId().equals(channelId)).count();
		}
	}

	static byte[] encode(PreviewFrame f) {
		BufferedImage image = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
		// the raster's own array: setRGB converts pixel by pixel (100 ms for full HD)
		int[] pixels = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
		System.arraycopy(f.rgb(), 0, pixels, 0, f.width() * f.height());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, "jpg", out)) {
				throw new IllegalStateException("no JPEG writer in this Java runtime");
			}
		} catch (IOException e) {
			throw new IllegalStateException("JPEG encoding failed: " + e.getMessage(), e);
		}
		return out.toByteArray();
	}
}
