package org.genlock.config.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateStorageTest {

	@TempDir
	Path dir;

	private static long deadPid() throws Exception {
		Process p = new ProcessBuilder("true").start();
		p.waitFor();
		return p.pid();
	}

	private Path storage(String name) throws Exception {
		Path s = Files.createDirectories(dir.resolve(name).resolve("bundle1"));
		Files.writeString(s.resolve("bundle.info"), "x");
		return s.getParent();
	}

	@Test
	void theStorageOfARunWhoseProcessIsGoneIsRemoved() throws Exception {
		Path left = storage("osgi.123.fw");
		Path record = dir.resolve("framework-storage");
		Files.writeString(record, deadPid() + "\n" + left + "\n");
		PrivateStorage.removeLeftover(record, dir.resolve("osgi.456.fw"));
		assertFalse(Files.exists(left));
	}

	@Test
	void aLiveProcessesStorageTheCurrentOneAndForeignDirectoriesStay() throws Exception {
		Path live = storage("osgi.1.fw");
		Path record = dir.resolve("framework-storage");
		Files.writeString(record, ProcessHandle.current().pid() + "\n" + live + "\n");
		PrivateStorage.removeLeftover(record, dir.resolve("osgi.2.fw"));
		assertTrue(Files.exists(live), "its process is alive");

		Files.writeString(record, deadPid() + "\n" + live + "\n");
		PrivateStorage.removeLeftover(record, live);
		assertTrue(Files.exists(live), "the current storage");

		Path foreign = storage("important");
		Files.writeString(record, deadPid() + "\n" + foreign + "\n");
		PrivateStorage.removeLeftover(record, live);
		assertTrue(Files.exists(foreign), "not made by bnd's launcher");
	}
}
