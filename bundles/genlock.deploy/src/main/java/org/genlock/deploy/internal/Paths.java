package org.genlock.deploy.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** Where Genlock keeps its state and where the deploy folder is, both under the working directory by default. */
final class Paths {

	static final String HOME = "genlock.home";
	static final String DEPLOY_DIR = "genlock.deploy.dir";

	private Paths() {
	}

	static Path home(BundleContext context) {
		String home = context.getProperty(HOME);
		return Path.of(home == null || home.isBlank() ? ".genlock" : home).toAbsolutePath().normalize();
	}

	static Path deployDir(BundleContext context) {
		String dir = context.getProperty(DEPLOY_DIR);
		return Path.of(dir == null || dir.isBlank() ? "deploy" : dir).toAbsolutePath().normalize();
	}
}
