package org.genlock.ops.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.genlock.api.backend.VideoBackend;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.LastErrorException;

/**
 * Tells systemd (a {@code Type=notify} unit) what it cannot see from outside: {@code READY=1}
 * once the platform has started and every autostart channel is on air, a one-line
 * {@code STATUS=} whenever the summary changes, {@code WATCHDOG=1} at half of
 * {@code $WATCHDOG_USEC} only while every playing channel's completion worker keeps turning
 * (a hung worker stops the pings and systemd restarts the service), and {@code STOPPING=1}
 * when the JVM is asked to end (SIGTERM). Without {@code $NOTIFY_SOCKET} it does nothing.
 */
@Component(immediate = true)
public class SystemdNotifier {

	private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
	/** How often readiness, status and the workers are looked at. */
	static final long TICK_MILLIS = 250;

	private final List<VideoBackend> backends = new CopyOnWriteArrayList<>();
	private final AtomicBoolean stopping = new AtomicBoolean();

	@Reference
	ConfigurationAdmin configAdmin;

	private ChannelWatch watch;
	private NotifySocket socket;
	private Watchdog watchdog;
	private ScheduledExecutorService timer;
	private Thread hook;
	// timer thread only
	private boolean ready;
	private String status;
	private long lastPing;
	private String hung;

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addBackend(VideoBackend backend) {
		backends.add(backend);
	}

	void removeBackend(VideoBackend backend) {
		backends.remove(backend);
	}

	@Activate
	void activate(BundleContext context) {
		watch = new ChannelWatch(context, configAdmin, backends);
		String path = System.getenv("NOTIFY_SOCKET");
		if (path == null || path.isBlank()) {
			return;
		}
		try {
			watchdog = Watchdog.of(System.getenv("WATCHDOG_USEC"), System.getenv("WATCHDOG_PID"),
					ProcessHandle.current().pid());
			socket = new NotifySocket(path);
		} catch (IllegalArgumentException | LastErrorException | UnsatisfiedLinkError e) {
			LOG.error("systemd notification is off: {}", e.getMessage());
			return;
		}
		LOG.info("systemd notification to {}{}", path, watchdog.enabled()
				? ", watchdog every " + TimeUnit.NANOSECONDS.toMillis(watchdog.intervalNanos()) + " ms" : "");
		hook = new Thread(this::stopping, "genlock-sd-notify-stopping");
		Runtime.getRuntime().addShutdownHook(hook);
		timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "genlock-sd-notify");
			t.setDaemon(true);
			return t;
		});
		timer.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Deactivate
	void deactivate() {
		if (timer == null) {
			return;
		}
		timer.shutdownNow();
		try {
			timer.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		} catch (IllegalStateException e) {
			// The JVM is shutting down and the framework stop (another hook) got here first:
			// say so before the socket closes (sent once, whichever comes first).
			stopping();
		}
		synchronized (this) {
			socket.close();
			socket = null;
		}
	}

	/** The shutdown hook: systemd learns the stop is ours, not a crash. */
	private void stopping() {
		if (stopping.compareAndSet(false, true)) {
			send("STOPPING=1\nSTATUS=Stopping");
		}
	}

	private void tick() {
		try {
			if (stopping.get()) {
				return;
			}
			ChannelWatch.Look look = watch.look(stallLimitNanos());
			String hungNow = look.hung();
			String summary = look.summary();
			StringBuilder message = new StringBuilder();
			if (!ready && look.ready()) {
				ready = true;
				message.append("READY=1\n");
			}
			if (!summary.equals(status) || message.length() > 0) {
				status = summary;
				message.append("STATUS=").append(summary).append('\n');
			}
			if (hungNow != null && !hungNow.equals(hung)) {
				LOG.warn("Watchdog: the completion worker of channel {} has not turned for {} ms: no WATCHDOG=1 "
						+ "(systemd restarts Genlock after WatchdogSec)", hungNow,
						TimeUnit.NANOSECONDS.toMillis(stallLimitNanos()));
			} else if (hungNow == null && hung != null) {
				LOG.info("Watchdog: the completion workers turn again");
			}
			hung = hungNow;
			long now = System.nanoTime();
			if (ready && watchdog.enabled() && hungNow == null && now - lastPing >= watchdog.intervalNanos()) {
				lastPing = now;
				message.append("WATCHDOG=1\n");
			}
			if (message.length() > 0) {
				send(message.substring(0, message.length() - 1));
			}
		} catch (IOException | InvalidSyntaxException | RuntimeException e) {
			LOG.warn("systemd notification tick failed: {}", e.toString());
		}
	}

	private long stallLimitNanos() {
		return Math.max(TimeUnit.SECONDS.toNanos(1), watchdog.intervalNanos());
	}

	private synchronized void send(String message) {
		if (socket == null) {
			return;
		}
		try {
			socket.send(message);
		} catch (LastErrorException e) {
			LOG.warn("sd_notify to {} failed (errno {}): {}", socket.path(), e.getErrorCode(), message.replace('\n', ' '));
		}
	}
}
