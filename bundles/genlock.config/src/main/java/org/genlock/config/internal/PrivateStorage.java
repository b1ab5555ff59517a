package org.genlock.config.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the framework storage to its owner and cleans up after a killed run. Configuration
 * Admin keeps its working copy of every configuration there, passwords included, in files it
 * creates with the process's default mode; the storage directory above them is what keeps
 * other users out, so it is made {@code rwx------} at start level 2, before FileInstall loads
 * any file. bnd's launcher gives each run a fresh temporary storage and removes it at a clean
 * exit; a {@code kill -9} leaves it behind, so the storage of each run is recorded in the state
 * directory and the next start there removes a leftover whose process is gone.
 */
@Component(immediate = true, service = {})
public class PrivateStorage {

	private static final Logger LOG = LoggerFactory.getLogger(PrivateStorage.class);
	static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
	/** In the state directory: the pid and framework storage of the last run. */
	static final String RECORD = "framework-storage";
	/** Only what bnd's launcher creates is ever removed. */
	static final Pattern LAUNCHER_STORAGE = Pattern.compile("osgi\\..*\\.fw");

	@Activate
	void activate(BundleContext context) {
		String storage = context.getProperty(Constants.FRAMEWORK_STORAGE);
		if (storage == null || storage.isBlank()) {
			return;
		}
		Path dir = Path.of(storage).toAbsolutePath().normalize();
		try {
			if (Files.isDirectory(dir) && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
				Files.setPosixFilePermissions(dir, OWNER_ONLY);
			}
		} catch (IOException | UnsupportedOperationException e) {
			LOG.warn("could not make the framework storage {} private to its owner: {}", dir, e.toString());
		}
		String home = context.getProperty("genlock.home");
		Path state = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.dir"), ".genlock");
		removeLeftover(state.resolve(RECORD), dir);
		record(state.resolve(RECORD), dir);
	}

	/** Removes the storage the last run recorded, if that run's process is gone. */
	static void removeLeftover(Path record, Path current) {
		if (!Files.isRegularFile(record)) {
			return;
		}
		try {
			List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
			if (lines.size() < 2 || !lines.get(0).matches("\\d{1,10}")) {
				return;
			}
			long pid = Long.parseLong(lines.get(0));
			Path previous = Path.of(lines.get(1)).toAbsolutePath().normalize();
			boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
			if (alive || previous.equals(current) || !Files.isDirectory(previous)
					|| !LAUNCHER_STORAGE.matcher(previous.getFileName().toString()).matches()) {
				return;
			}
			try (Stream<Path> tree = Files.walk(previous)) {
				for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
					Files.deleteIfExists(p);
				}
			}
			LOG.info("removed the framework storage {} left behind by an earlier run (pid {}) that did not stop cleanly",
					previous, pid);
		} catch (IOException | RuntimeException e) {
			LOG.warn("could not remove the framework storage an earlier run left behind: {}", e.toString());
		}
	}

	private static void record(Path record, Path current) {
		try {
			Files.createDirectories(record.getParent());
			CfgFile.write(record, ProcessHandle.current().pid() + "\n" + current + "\n", CfgFile.OWNER_ONLY);
		} catch (IOException | RuntimeException e) {
			LOG.warn("could not record the framework storage in {}: {}", record, e.toString());
		}
	}
}
