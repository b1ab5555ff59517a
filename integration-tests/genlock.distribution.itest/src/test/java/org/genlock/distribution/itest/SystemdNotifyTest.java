package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.genlock.distribution.itest.NotifyReceiver.Message;
import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported jar under a stand-in for systemd's side of {@code Type=notify}: a real Unix
 * datagram socket in {@code $NOTIFY_SOCKET} and {@code $WATCHDOG_USEC} set, as systemd does.
 * READY=1 comes once ch1 is on air, then WATCHDOG=1 pings; a completion worker made to hang
 * (the backend's test-only hook, a JVM property no deployment sets) stops the pings while
 * the process lives on; SIGTERM brings STOPPING=1, the last message.
 */
class SystemdNotifyTest {

	static final Duration START = Duration.ofSeconds(60);
	/** Two seconds: a ping every second. */
	static final String WATCHDOG_USEC = "2000000";

	@TempDir
	Path dir;

	@Test
	void readyThenWatchdogPingsThatAHungWorkerStopsThenStopping() throws Exception {
		Path socket = dir.resolve("notify.sock");
		Path hang = dir.resolve("hang-now");
		Path work = Files.createDirectories(dir.resolve("genlock"));
		try (NotifyReceiver systemd = new NotifyReceiver(socket);
				Distribution d = Distribution.start("genlock.jar", work, false,
						port -> List.of("-Dorg.osgi.service.http.port=" + port,
								"-Dgenlock.itest.hangCompletionWorkerWhenFileExists=" + hang),
						Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", WATCHDOG_USEC))) {
			awaitMessage(systemd, d, m -> m.text().contains("READY=1"), START);
			assertThat(d.log()).contains("channel ch1: PREROLLING -> RUNNING");
			Message ready = first(systemd, m -> m.text().contains("READY=1"));
			assertThat(ready.text()).as("READY=1 comes with the summary").contains("STATUS=1/1 autostart channels on air: ch1 RUNNING");

			// pings while the worker turns (three: generous on a loaded machine)
			awaitCount(systemd, d, 3, START);

			Files.createFile(hang);
			d.awaitLog("channel ch1: completion worker hangs on purpose", START);
			d.awaitLog("Watchdog: the completion worker of channel ch1 has not turned", START);
			Thread.sleep(1000); // a datagram sent before the line was written has arrived by now
			int pingsAtHang = pings(systemd);
			Thread.sleep(6000); // six ping intervals
			assertThat(d.process.isAlive()).as("the process lives on with a hung worker").isTrue();
			assertThat(pings(systemd)).as("WATCHDOG=1 after the worker hung; messages: " + systemd.messages())
					.isEqualTo(pingsAtHang);
			assertThat(systemd.messages()).anyMatch(m -> m.text().contains("completion worker of ch1 not turning"));

			d.terminate(Duration.ofSeconds(30));
			awaitMessage(systemd, d, m -> m.text().contains("STOPPING=1"), Duration.ofSeconds(10));

			List<Message> all = systemd.messages();
			System.out.println("sd_notify messages: " + all.size() + ", WATCHDOG=1 before the hang: " + pingsAtHang);
			all.forEach(m -> System.out.println("  " + m.text().replace("\n", " | ")));
			int readyAt = all.indexOf(ready);
			assertThat(all.subList(0, readyAt)).as("no ping before READY=1").noneMatch(m -> m.text().contains("WATCHDOG=1"));
			assertThat(all.get(all.size() - 1).text()).as("STOPPING=1 is the last message").contains("STOPPING=1");
			assertThat(all).filteredOn(m -> m.text().contains("READY=1")).as("READY=1 once").hasSize(1);
			for (int i = 1; i < all.size(); i++) {
				assertThat(all.get(i).nanos()).isGreaterThanOrEqualTo(all.get(i - 1).nanos());
			}
		}
	}

	private static int pings(NotifyReceiver systemd) {
		return (int) systemd.messages().stream().filter(m -> m.text().contains("WATCHDOG=1")).count();
	}

	private static Message first(NotifyReceiver systemd, Predicate<Message> p) {
		return systemd.messages().stream().filter(p).findFirst().orElseThrow();
	}

	private static void awaitMessage(NotifyReceiver systemd, Distribution d, Predicate<Message> p, Duration timeout)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (systemd.messages().stream().anyMatch(p)) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no such sd_notify message within " + timeout + "; got " + systemd.messages()
				+ "; log tail:\n" + d.tail());
	}

	private static void awaitCount(NotifyReceiver systemd, Distribution d, int count, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline && pings(systemd) < count) {
			TimeUnit.MILLISECONDS.sleep(100);
		}
		assertThat(pings(systemd)).as("WATCHDOG=1 pings within " + timeout + "; log tail:\n" + d.tail())
				.isGreaterThanOrEqualTo(count);
	}
}
