package org.genlock.deploy.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.genlock.api.deploy.BundleDeployment;
import org.genlock.api.deploy.Change;
import org.genlock.api.deploy.DeployedBundle;
import org.genlock.api.deploy.DeploymentException;
import org.genlock.api.deploy.DeploymentException.Reason;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy/ folder's installer (FileInstall calls it for every jar added, changed or removed
 * there) and the {@link BundleDeployment} service. Whatever the source of a change (the folder,
 * a rollback, an update), it is checked first and carried out in place on the one bundle with
 * that symbolic name, one change at a time, with the version it replaces kept.
 */
@Component(service = { BundleDeployment.class, ArtifactInstaller.class, Deployer.class }, immediate = true,
		property = "service.ranking:Integer=100")
public class Deployer implements BundleDeployment, ArtifactInstaller {

	private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);
	/** Location of a bundle installed from deploy/: one per symbolic name, read through {@link BundleUrlHandler}. */
	static final String LOCATION_PREFIX = BundleUrlHandler.PROTOCOL + ":bundle/";

	private final BundleContext context;
	private final DeployFolder folder;
	private final KeptVersions kept;
	private final ReentrantLock lock = new ReentrantLock();
	/** For each file of deploy/ that held a bundle, its symbolic name (the file is gone when it is removed). */
	private final Map<Path, String> files = new ConcurrentHashMap<>();
	/** The content each symbolic name last got from this class, so a folder echo of its own change does nothing. */
	private final Map<String, String> applied = new ConcurrentHashMap<>();
	/** The version last seen running per symbolic name, to name both sides of a change made elsewhere. */
	private final Map<String, Version> seen = new ConcurrentHashMap<>();
	private final BundleListener listener = this::bundleChanged;
	private final InPlace inPlace;
	private volatile boolean closed;

	@Activate
	public Deployer(BundleContext context) throws IOException {
		this.context = context;
		this.folder = new DeployFolder(Paths.deployDir(context));
		this.kept = new KeptVersions(Paths.home(context).resolve("bundles"));
		this.inPlace = new InPlace(context, kept, applied, seen);
		Files.createDirectories(folder.dir());
		context.addBundleListener(listener);
		Thread keeper = new Thread(this::keepRunningVersions, "genlock-deploy-keep");
		keeper.setDaemon(true);
		keeper.start();
	}

	@Deactivate
	void deactivate() {
		closed = true;
		context.removeBundleListener(listener);
	}

	Path deployDir() {
		return folder.dir();
	}

	KeptVersions kept() {
		return kept;
	}

	// ------------------------------------------------------------------ FileInstall

	@Override
	public boolean canHandle(File artifact) {
		return folder.holds(artifact.toPath());
	}

	@Override
	public void install(File artifact) {
		fileChanged(artifact.toPath());
	}

	@Override
	public void update(File artifact) {
		fileChanged(artifact.toPath());
	}

	@Override
	public void uninstall(File artifact) {
		fileChanged(artifact.toPath());
	}

	private void fileChanged(Path file) {
		if (closed) {
			return; // FileInstall lets go of its artifacts at shutdown: the bundles stay as they are
		}
		lock.lock();
		try {
			String bsn;
			if (Files.exists(file)) {
				JarInfo jar;
				try {
					jar = JarInfo.read(file);
				} catch (JarInfo.NotABundle e) {
					LOG.error("deploy: {} refused, nothing changed: {}", folder.name(file), e.getMessage());
					return;
				} catch (IOException e) {
					LOG.error("deploy: {} refused, nothing changed: it cannot be read ({})", folder.name(file), e.toString());
					return;
				}
				bsn = jar.symbolicName();
				files.put(file, bsn);
			} else {
				bsn = files.remove(file);
				if (bsn == null) {
					return; // a refused jar went away
				}
			}
			reconcile(bsn, file);
		} finally {
			lock.unlock();
		}
	}

	/** Makes the bundle {@code bsn} what deploy/ says; {@code trigger} is the file whose change asked. */
	private void reconcile(String bsn, Path trigger) {
		Optional<DeployFolder.Entry> chosen = folder.chosen(bsn);
		Bundle running = running(bsn);
		if (chosen.isEmpty()) {
			if (running == null) {
				return;
			}
			if (!running.getLocation().startsWith(LOCATION_PREFIX)) {
				LOG.info("deploy: {} was removed; {} {} stays (a bundle of the distribution is not uninstalled; "
						+ "genlock:rollback {} goes back to the version that ran before, if one is kept)", folder.name(trigger),
						bsn, running.getVersion(), bsn);
				return;
			}
			try {
				Version was = running.getVersion();
				running.uninstall();
				applied.remove(bsn);
				seen.remove(bsn);
				LOG.info("deploy: {} {} -> (none) uninstalled: no jar for it is left in {}/ ({} was removed; bundle {})", bsn,
						was, folder.dir().getFileName(), folder.name(trigger), running.getBundleId());
			} catch (BundleException | IllegalStateException e) {
				LOG.error("deploy: {} {} could not be uninstalled after {} was removed: {}", bsn, running.getVersion(),
						folder.name(trigger), e.getMessage());
			}
			return;
		}
		DeployFolder.Entry entry = chosen.get();
		JarInfo jar = entry.jar();
		if (running != null && jar.sha256().equals(applied.get(bsn))) {
			return; // what runs already
		}
		String notLive = running == null ? null : inPlace.notLive(running);
		if (notLive != null) {
			LOG.error("deploy: {} refused, nothing changed: {}", folder.name(entry.file()), notLive);
			return;
		}
		List<String> problems = RequirementCheck.problems(jar, context, running);
		if (!problems.isEmpty()) {
			LOG.error("deploy: {} refused, nothing changed: {} {}{}", folder.name(entry.file()), jar,
					String.join("; ", problems), running == null ? "" : "; " + bsn + " " + running.getVersion() + " stays");
			return;
		}
		try {
			if (running == null) {
				Bundle b = inPlace.installNew(jar);
				LOG.info("deploy: {} (none) -> {} installed and started from {} (bundle {})", bsn, jar.version(),
						folder.name(entry.file()), b.getBundleId());
			} else {
				Version was = running.getVersion();
				inPlace.swap(running, jar);
				LOG.info("deploy: {} {} -> {} updated in place from {} (bundle {})", bsn, was, jar.version(),
						folder.name(entry.file()), running.getBundleId());
			}
		} catch (DeploymentException e) {
			LOG.error("deploy: {} refused: {}", folder.name(entry.file()), e.getMessage());
		}
	}

	// ------------------------------------------------------------------ BundleDeployment

	@Override
	public List<DeployedBundle> bundles() {
		List<DeployedBundle> out = new ArrayList<>();
		List<DeployFolder.Entry> inFolder = folder.all();
		for (Bundle b : context.getBundles()) {
			if (listed(b)) {
				out.add(view(b, inFolder));
			}
		}
		out.sort(Comparator.comparing(DeployedBundle::symbolicName));
		return List.copyOf(out);
	}

	@Override
	public DeployedBundle bundle(String symbolicName) throws DeploymentException {
		return view(known(symbolicName), folder.all());
	}

	@Override
	public Change rollback(String symbolicName) throws DeploymentException {
		lock.lock();
		try {
			Bundle b = known(symbolicName);
			Version running = b.getVersion();
			Version to = kept.previous(symbolicName, running).orElseThrow(() -> new DeploymentException(
					Reason.NOTHING_KEPT, symbolicName + " " + running + ": no other version is kept in " + kept.dir(symbolicName)
							+ " to roll back to (a version is kept when it is replaced)"));
			Change c = switchTo(b, to, "rollback");
			return c;
		} finally {
			lock.unlock();
		}
	}

	@Override
	public Change update(String symbolicName) throws DeploymentException {
		lock.lock();
		try {
			Bundle b = known(symbolicName);
			Version running = b.getVersion();
			Optional<DeployFolder.Entry> inFolder = folder.chosen(symbolicName);
			Version newest = null;
			for (Version v : kept.versions(symbolicName)) {
				if (v.compareTo(running) > 0 && (newest == null || v.compareTo(newest) > 0)) {
					newest = v;
				}
			}
			if (inFolder.isPresent() && inFolder.get().jar().version().compareTo(running) > 0
					&& (newest == null || inFolder.get().jar().version().compareTo(newest) >= 0)) {
				JarInfo jar = inFolder.get().jar();
				return carryOut(b, jar, "update", "from " + folder.name(inFolder.get().file()));
			}
			if (newest == null) {
				throw new DeploymentException(Reason.NOTHING_KEPT, symbolicName + " " + running
						+ " is the newest version there is: none newer in " + folder.dir() + " or kept in "
						+ kept.dir(symbolicName) + ". To update it, drop the new jar into " + folder.dir()
						+ " or upload it with the Web Console's Install/Update");
			}
			return switchTo(b, newest, "update");
		} finally {
			lock.unlock();
		}
	}

	/** Goes to a kept version; deploy/ is made to hold it when it held the bundle, so a restart agrees. */
	private Change switchTo(Bundle b, Version to, String what) throws DeploymentException {
		String bsn = b.getSymbolicName();
		JarInfo jar;
		try {
			jar = JarInfo.of(kept.read(bsn, to));
		} catch (IOException | JarInfo.NotABundle e) {
			throw new DeploymentException(Reason.UNAVAILABLE, bsn + " " + to + " kept in " + kept.file(bsn, to)
					+ " cannot be read: " + e.getMessage());
		}
		return carryOut(b, jar, what, "from " + kept.file(bsn, to));
	}

	private Change carryOut(Bundle b, JarInfo jar, String what, String from) throws DeploymentException {
		String bsn = b.getSymbolicName();
		Version was = b.getVersion();
		String notLive = inPlace.notLive(b);
		if (notLive != null) {
			throw new DeploymentException(Reason.REFUSED, what + " of " + bsn + " refused, nothing changed: " + notLive);
		}
		List<String> problems = RequirementCheck.problems(jar, context, b);
		if (!problems.isEmpty()) {
			throw new DeploymentException(Reason.REFUSED, what + " of " + bsn + " " + was + " to " + jar.version()
					+ " refused, nothing changed: " + jar + " " + String.join("; ", problems));
		}
		inPlace.swap(b, jar);
		String note = "";
		if (!folder.jarsFor(bsn).isEmpty()) {
			try {
				Path f = folder.replaceWith(jar);
				files.put(f, bsn);
				note = "; " + folder.dir().getFileName() + "/ now holds " + f.getFileName();
			} catch (IOException e) {
				note = "; " + folder.dir() + " could not be made to hold it (" + e + "): the jar there runs after a restart";
			}
		}
		LOG.info("{}: {} {} -> {} {} (bundle {}){}", what, bsn, was, jar.version(), from, b.getBundleId(), note);
		return new Change(bsn, b.getBundleId(), was.toString(), jar.version().toString());
	}

	/** The newest version to update {@code bsn} from, for {@link BundleUrlHandler}: deploy/ or kept, newer than running. */
	byte[] updateSource(String bsn) throws IOException {
		Bundle b = running(bsn);
		Version running = b == null ? Version.emptyVersion : b.getVersion();
		Optional<DeployFolder.Entry> inFolder = folder.chosen(bsn);
		if (inFolder.isPresent() && inFolder.get().jar().version().compareTo(running) > 0) {
			return inFolder.get().jar().bytes();
		}
		for (Version v : kept.versions(bsn)) {
			if (v.compareTo(running) > 0) {
				return kept.read(bsn, v);
			}
		}
		String message = bsn + " " + running + " is the newest version there is: none newer in " + folder.dir()
				+ " or kept in " + kept.dir(bsn) + ". To update it, drop the new jar into " + folder.dir()
				+ " or upload it with the Web Console's Install/Update";
		LOG.warn("update: {}", message);
		throw new IOException(message);
	}

	// ------------------------------------------------------------------ helpers

	private boolean listed(Bundle b) {
		String bsn = b.getSymbolicName();
		return bsn != null && (bsn.startsWith("genlock.") || b.getLocation().startsWith(LOCATION_PREFIX));
	}

	private Bundle known(String bsn) throws DeploymentException {
		Bundle b = bsn == null ? null : running(bsn);
		if (b == null || !listed(b)) {
			throw new DeploymentException(Reason.UNKNOWN_BUNDLE, "unknown bundle '" + bsn + "'; Genlock and deployed bundles: "
					+ String.join(", ", bundles().stream().map(DeployedBundle::symbolicName).toList()),
					bundles().stream().map(DeployedBundle::symbolicName).toList());
		}
		return b;
	}

	/** The installed bundle with that symbolic name (the highest version if several). */
	private Bundle running(String bsn) {
		Bundle best = null;
		for (Bundle b : context.getBundles()) {
			if (bsn.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED
					&& (best == null || b.getVersion().compareTo(best.getVersion()) > 0)) {
				best = b;
			}
		}
		return best;
	}

	private DeployedBundle view(Bundle b, List<DeployFolder.Entry> inFolder) {
		String bsn = b.getSymbolicName();
		Optional<DeployFolder.Entry> chosen = DeployFolder.chosen(
				inFolder.stream().filter(e -> e.jar().symbolicName().equals(bsn)).toList());
		String source = chosen.map(e -> folder.name(e.file()))
				.orElse(b.getLocation().startsWith(LOCATION_PREFIX) ? folder.dir().getFileName() + "/" : "distribution");
		Optional<Version> previous = kept.previous(bsn, b.getVersion());
		return new DeployedBundle(bsn, b.getBundleId(), b.getVersion().toString(), state(b.getState()), source,
				kept.versions(bsn).stream().map(Version::toString).toList(), previous.map(Version::toString).orElse(null));
	}

	static String state(int state) {
		return switch (state) {
			case Bundle.ACTIVE -> "ACTIVE";
			case Bundle.RESOLVED -> "RESOLVED";
			case Bundle.INSTALLED -> "INSTALLED";
			case Bundle.STARTING -> "STARTING";
			case Bundle.STOPPING -> "STOPPING";
			default -> "UNINSTALLED";
		};
	}

	/**
	 * A Genlock or deployed bundle changed by someone else (the Web Console's Install/Update, the
	 * shell's update): keep the new version and name both sides, so it can be rolled back.
	 */
	private void bundleChanged(BundleEvent e) {
		Bundle b = e.getBundle();
		if (closed || !listed(b) || (e.getType() != BundleEvent.UPDATED && e.getType() != BundleEvent.INSTALLED)) {
			return;
		}
		String bsn = b.getSymbolicName();
		Version now = b.getVersion();
		Version was = seen.put(bsn, now);
		try {
			kept.keepRunning(b);
			kept.markRunning(bsn, now);
		} catch (IOException | IllegalStateException ex) {
			LOG.warn("{} {} could not be kept under {}: {}", bsn, now, kept.root(), ex.toString());
		}
		if (e.getType() == BundleEvent.UPDATED && was != null && !was.equals(now)) {
			applied.remove(bsn);
			LOG.info("{} {} -> {} updated in place (bundle {}, from the Web Console or the shell); {} is kept to roll back to",
					bsn, was, now, b.getBundleId(), was);
		}
	}

	/** Keeps the version of every Genlock bundle the distribution started with, to roll back to after an update. */
	private void keepRunningVersions() {
		for (Bundle b : context.getBundles()) {
			if (closed) {
				return;
			}
			if (!listed(b) || b.getState() == Bundle.UNINSTALLED) {
				continue;
			}
			try {
				seen.putIfAbsent(b.getSymbolicName(), b.getVersion());
				kept.keepRunning(b);
				kept.markRunning(b.getSymbolicName(), b.getVersion());
			} catch (IOException | IllegalStateException e) {
				LOG.warn("{} {} could not be kept under {}: {}", b.getSymbolicName(), b.getVersion(), kept.root(), e.toString());
			}
		}
	}
}
