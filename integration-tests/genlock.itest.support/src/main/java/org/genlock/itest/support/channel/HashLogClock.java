package org.genlock.itest.support.channel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.genlock.api.backend.BackendState;
import org.genlock.api.backend.VideoBackend;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The clock device as the continuity tests use it: paced, writing one line per aired frame
 * ({@code <display index> <sha-256 of the pixels> audio=<sha-256|->}, see {@link HashLog}) to a
 * hash log the test reads back, to prove
 * that every display index aired once and in order.
 */
public final class HashLogClock {

	private HashLogClock() {
	}

	/**
	 * Configures the clock device ({@code genlock.device.clock}) paced, snapshots off, with a
	 * new hash log under {@code target/itest-home}.
	 *
	 * @param prefix the start of the log's file name, naming the test
	 * @return the hash log's absolute path (written once frames air)
	 */
	public static Path configure(ConfigurationAdmin cm, String prefix) throws IOException {
		Path log = Path.of("target", "itest-home", prefix + "-" + System.nanoTime() + ".hashlog").toAbsolutePath();
		Files.createDirectories(log.getParent());
		Dictionary<String, Object> device = new Hashtable<>();
		device.put("id", "clock");
		device.put("mode", "paced");
		device.put("sink", "hashlog");
		device.put("sink.path", log.toString());
		device.put("snapshot.path", "");
		cm.getConfiguration("genlock.device.clock", "?").update(device);
		return log;
	}

	/**
	 * Reads the display indices of a hash log in file order, waiting until it has at least
	 * {@code min} lines (the device writes behind the air).
	 *
	 * @return the indices read last: fewer than {@code min} after {@code timeoutMs}, for the
	 *         caller's assertion to report
	 */
	public static List<Long> indices(Path log, long min, long timeoutMs) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		List<Long> indices = new ArrayList<>();
		do {
			indices.clear();
			for (HashLog.Line line : HashLog.read(log)) {
				indices.add(line.index());
			}
			if (indices.size() >= min) {
				return indices;
			}
			Thread.sleep(100);
		} while (System.nanoTime() < deadline);
		return indices;
	}

	/** The backend's state every 10 ms for {@code millis}, to show a channel never left the air. */
	public static List<BackendState> sampleStates(VideoBackend backend, long millis) throws InterruptedException {
		List<BackendState> seen = new ArrayList<>();
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() < end) {
			seen.add(backend.state());
			Thread.sleep(10);
		}
		return seen;
	}
}
