package org.genlock.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import org.genlock.api.deploy.DeploymentException;
import org.genlock.api.deploy.DeploymentException.Reason;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Carries out one checked change on the framework: a new bundle installed and started, or a
 * running one updated in place with the version it replaces kept first (and put back if the
 * framework refuses the new one). Called by {@link Deployer} under its lock.
 */
final class InPlace {

	/** Where deployed providers start, with the distribution's providers (after configuration, before channels). */
	static final int START_LEVEL = 10;

	private final BundleContext context;
	private final KeptVersions kept;
	/** The content each symbolic name last got from here, so a folder echo of the change does nothing. */
	private final Map<String, String> applied;
	/** The version last seen running per symbolic name, to name both sides of a change made elsewhere. */
	private final Map<String, Version> seen;

	InPlace(BundleContext context, KeptVersions kept, Map<String, String> applied, Map<String, Version> seen) {
		this.context = context;
		this.kept = kept;
		this.applied = applied;
		this.seen = seen;
	}

	Bundle installNew(JarInfo jar) throws DeploymentException {
		Bundle b;
		try {
			kept.keep(jar.symbolicName(), jar.version(), jar.bytes());
		} catch (IOException e) {
			throw new DeploymentException(Reason.UNAVAILABLE, "cannot keep " + jar + " under " + kept.root() + ": " + e);
		}
		try {
			b = context.installBundle(Deployer.LOCATION_PREFIX + jar.symbolicName(), new ByteArrayInputStream(jar.bytes()));
		} catch (BundleException e) {
			throw new DeploymentException(Reason.FAILED, jar + " could not be installed: " + e.getMessage());
		}
		try {
			b.adapt(BundleStartLevel.class).setStartLevel(START_LEVEL);
			b.start();
		} catch (BundleException | RuntimeException e) {
			try {
				b.uninstall();
			} catch (BundleException | IllegalStateException ignored) {
				// gone already
			}
			throw new DeploymentException(Reason.FAILED, jar + " did not start, so it was uninstalled again: "
					+ e.getMessage());
		}
		applied.put(jar.symbolicName(), jar.sha256());
		seen.put(jar.symbolicName(), jar.version());
		return b;
	}

	/**
	 * Updates {@code bundle} in place to {@code jar}, keeping the running version first; if the
	 * framework refuses the new revision, the kept one is put back.
	 */
	void swap(Bundle bundle, JarInfo jar) throws DeploymentException {
		String bsn = jar.symbolicName();
		Version was = bundle.getVersion();
		try {
			kept.keepRunning(bundle);
			kept.keep(bsn, jar.version(), jar.bytes());
		} catch (IOException e) {
			throw new DeploymentException(Reason.UNAVAILABLE, "cannot keep the versions of " + bsn + " under "
					+ kept.root() + ", so nothing was changed: " + e);
		}
		seen.put(bsn, jar.version()); // the listener sees our own update as expected
		try {
			bundle.update(new ByteArrayInputStream(jar.bytes()));
			applied.put(bsn, jar.sha256());
		} catch (BundleException | RuntimeException e) {
			String why = e.getMessage();
			try {
				if (!bundle.getVersion().equals(was)) {
					bundle.update(new ByteArrayInputStream(kept.read(bsn, was)));
				} else if (bundle.getState() != Bundle.ACTIVE) {
					bundle.start();
				}
				seen.put(bsn, was);
				kept.markRunning(bsn, was);
			} catch (BundleException | IOException | RuntimeException again) {
				why += "; putting " + was + " back failed too: " + again.getMessage();
			}
			throw new DeploymentException(Reason.FAILED, bsn + " " + jar.version() + " was refused by the framework: "
					+ why + "; " + bsn + " " + was + " runs again");
		}
	}

	/**
	 * Why {@code b} cannot be replaced live, or null. A bundle whose packages others use (the
	 * API) would take every user with it at the refresh a new revision needs, the backend and
	 * with it every channel; and this bundle cannot replace itself from its own callback.
	 */
	String notLive(Bundle b) {
		if (b.getBundleId() == context.getBundle().getBundleId()) {
			return b.getSymbolicName() + " cannot replace itself while it runs; upload it with the Web Console's "
					+ "Install/Update or restart Genlock with the new version";
		}
		BundleWiring wiring = b.adapt(BundleWiring.class);
		java.util.TreeSet<String> users = new java.util.TreeSet<>();
		if (wiring != null) {
			for (BundleWire w : wiring.getProvidedWires(PackageNamespace.PACKAGE_NAMESPACE)) {
				Bundle user = w.getRequirer().getBundle();
				if (!user.equals(b)) {
					users.add(user.getSymbolicName());
				}
			}
		}
		if (users.isEmpty()) {
			return null;
		}
		return b.getSymbolicName() + " " + b.getVersion() + " exports packages that " + users.size()
				+ " running bundles use (" + String.join(", ", users.stream().limit(4).toList())
				+ (users.size() > 4 ? ", ..." : "") + "); replacing it live would restart them all and take every "
				+ "channel off air: restart Genlock with the new version instead";
	}
}
