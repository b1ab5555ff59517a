package org.genlock.backend.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the distribution test of the service manager's watchdog only: with the JVM property
 * {@value #PROPERTY} naming a file, a completion worker hangs (until its run closes) once
 * that file exists, as a worker stuck in a driver or plugin call would. Without the property
 * (every real deployment) it is absent and costs the worker one null check per turn.
 */
final class HangHook {

	static final String PROPERTY = "genlock.itest.hangCompletionWorkerWhenFileExists";
	private static final Logger LOG = LoggerFactory.getLogger(HangHook.class);
	private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Path file;
	private long lastCheck = System.nanoTime();

	private HangHook(Path file) {
		this.file = file;
	}

	/** The hook the JVM property asks for, or {@code null}. */
	static HangHook fromSystemProperty() {
		String file = System.getProperty(PROPERTY);
		return file == null || file.isBlank() ? null : new HangHook(Path.of(file));
	}

	/** Worker thread: at most once a second, looks for the file and hangs while {@code running}. */
	void maybeHang(String channelId, BooleanSupplier running) {
		long now = System.nanoTime();
		if (now - lastCheck < CHECK_NANOS) {
			return;
		}
		lastCheck = now;
		if (!Files.exists(file)) {
			return;
		}
		LOG.warn("channel {}: completion worker hangs on purpose ({} exists, set by {})", channelId, file, PROPERTY);
		while (running.getAsBoolean()) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
	}
}
