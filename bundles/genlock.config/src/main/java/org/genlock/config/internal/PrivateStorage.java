package org.genlock.config.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the framework storage readable by its owner only. Configuration Admin keeps its copy
 * of every configuration there, passwords included, in files it creates with the process's
 * default mode; the directory above them is what keeps other users out. Runs at start
 * level 2, before FileInstall loads any file.
 */
@Component(immediate = true, service = {})
public class PrivateStorage {

	private static final Logger LOG = LoggerFactory.getLogger(PrivateStorage.class);
	static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	@Activate
	void activate(BundleContext context) {
		String storage = context.getProperty(Constants.FRAMEWORK_STORAGE);
		if (storage == null || storage.isBlank()) {
			return;
		}
		Path dir = Path.of(storage).toAbsolutePath();
		try {
			if (Files.isDirectory(dir) && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
				Files.setPosixFilePermissions(dir, OWNER_ONLY);
			}
		} catch (IOException | UnsupportedOperationException e) {
			LOG.warn("could not make the framework storage {} private to its owner: {}", dir, e.toString());
		}
	}
}
