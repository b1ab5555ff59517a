package org.genlock.config.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.genlock.api.config.ConfigurationCheck;
import org.genlock.api.config.ConfigurationProblem;
import org.genlock.api.config.ConfigurationRejectedException;
import org.genlock.api.config.ConfigurationWriter;
import org.genlock.support.ConfigOrigin;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of configuration ({@link ConfigurationWriter}), and the listener that writes
 * changes made in Configuration Admin directly (the Web Console's Configuration page) to their
 * files. One lock per configuration orders every write: a change is checked, written to the
 * file (atomically, only its lines) and then handed to Configuration Admin as the file now
 * reads, so FileInstall, polling the file, finds nothing to re-apply.
 */
@Component(service = { ConfigurationWriter.class, SynchronousConfigurationListener.class }, immediate = true)
public class ConfigurationFiles implements ConfigurationWriter, SynchronousConfigurationListener {

	private static final Logger LOG = LoggerFactory.getLogger(ConfigurationFiles.class);
	/** Name prefix of FileInstall's watcher threads, on which it applies files. */
	static final String FILEINSTALL_THREAD = "fileinstall-";
	/** How long after one of our writes FileInstall may still apply the file as it was before it. */
	static final long STALE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** One of our file writes: the values before and after, and when. */
	private record Write(Map<String, String> before, Map<String, String> after, long nanos) {
	}

	@Reference
	ConfigurationAdmin configurationAdmin;

	@Reference
	MetaTypeService metaType;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile ServiceComponentRuntime scr;

	final CheckRegistry checks = new CheckRegistry();

	private BundleContext context;
	private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
	/** Per file-backed configuration: the values its file and Configuration Admin last agreed on. */
	private final Map<String, Map<String, String>> synced = new ConcurrentHashMap<>();
	private final Map<String, Write> lastWrite = new ConcurrentHashMap<>();
	private ExecutorService persister;
	private Path watched;

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addCheck(ConfigurationCheck check, Map<String, Object> properties) {
		checks.add(check, properties);
	}

	void removeCheck(ConfigurationCheck check) {
		checks.remove(check);
	}

	@Activate
	void activate(BundleContext bundleContext) {
		this.context = bundleContext;
		String dir = bundleContext.getProperty("felix.fileinstall.dir");
		watched = dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath().normalize();
		persister = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "genlock-config-files");
			t.setDaemon(true);
			return t;
		});
		try {
			Configuration[] all = configurationAdmin.listConfigurations(null);
			for (Configuration c : all == null ? new Configuration[0] : all) {
				persister.execute(() -> learn(c.getPid()));
			}
		} catch (IOException | InvalidSyntaxException e) {
			LOG.warn("could not list the configurations: {}", e.toString());
		}
	}

	@Deactivate
	void deactivate() throws InterruptedException {
		persister.shutdown();
		persister.awaitTermination(5, TimeUnit.SECONDS);
	}

	// ---------------------------------------------------------------- ConfigurationWriter

	@Override
	public void update(String pid, Map<String, String> changes) throws ConfigurationRejectedException, IOException {
		ReentrantLock lock = lock(pid);
		lock.lock();
		try {
			Configuration c = find(pid);
			Dictionary<String, Object> raw = c == null ? null : c.getProperties();
			if (raw == null) {
				throw new ConfigurationRejectedException("there is no configuration " + pid, List.of());
			}
			Map<String, Object> current = map(raw);
			Object fileName = current.get(ConfigOrigin.FILEINSTALL_FILENAME);
			Path file = ConfigOrigin.path(fileName);
			String factoryPid = c.getFactoryPid();
			if (file == null) {
				Map<String, Object> next = new LinkedHashMap<>(current);
				changes.forEach((k, v) -> {
					if (v == null) {
						next.remove(k);
					} else {
						next.put(k, v);
					}
				});
				precheck(pid, factoryPid, null, next, current, changes);
				c.updateIfDifferent(new Hashtable<>(next));
				return;
			}
			String where = ConfigOrigin.file(fileName);
			if (!file.getFileName().toString().endsWith(".cfg")) {
				throw new IOException(where + " is not a .cfg file; Genlock writes only .cfg files. Edit it by hand.");
			}
			if (!Files.isRegularFile(file)) {
				throw new IOException(where + " no longer exists; configuration " + pid + " goes with it");
			}
			if (!Files.isWritable(file)) {
				throw new IOException(where + " is not writable; nothing was changed");
			}
			String text = CfgFile.read(file);
			String nextText = CfgFile.apply(text, changes);
			Map<String, String> before = CfgFile.parse(text);
			Map<String, String> after = CfgFile.parse(nextText);
			Map<String, Object> proposed = new LinkedHashMap<>(after);
			proposed.put(ConfigOrigin.FILEINSTALL_FILENAME, fileName);
			precheck(pid, factoryPid, where, proposed, current, changes);
			if (!nextText.equals(text)) {
				CfgFile.write(file, nextText, CfgFile.READABLE);
				lastWrite.put(pid, new Write(before, after, System.nanoTime()));
			}
			Hashtable<String, Object> next = new Hashtable<>(after);
			next.put(ConfigOrigin.FILEINSTALL_FILENAME, fileName);
			c.updateIfDifferent(next);
			synced.put(pid, after);
		} catch (IllegalStateException e) {
			throw new IOException("Configuration Admin refused the change: " + e.getMessage(), e);
		} finally {
			lock.unlock();
		}
	}

	/** Refuses a change the guard would refuse: a problem of a changed key, or of the whole configuration. */
	private void precheck(String pid, String factoryPid, String file, Map<String, Object> proposed,
			Map<String, Object> current, Map<String, String> changes) throws ConfigurationRejectedException {
		Receiver receiver = Receiver.of(context, metaType, scr, null, pid, factoryPid);
		Map<String, Object> previous = new LinkedHashMap<>(current);
		previous.keySet().removeAll(Review.IDENTITY);
		Review.Outcome outcome = Review.review(pid, factoryPid, file, proposed, previous, receiver,
				checks.forPid(pid, factoryPid));
		List<ConfigurationProblem> refused = new ArrayList<>();
		StringBuilder message = new StringBuilder();
		for (Review.Finding f : outcome.findings()) {
			ConfigurationProblem p = f.problem();
			if (!p.isWhole() && !changes.containsKey(p.key())) {
				continue; // an old problem of the file: the guard keeps handling it, the change may go on
			}
			refused.add(p);
			message.append(message.length() == 0 ? "" : "; ").append(p.isWhole() ? "configuration rejected: " + p.reason()
					: "key '" + p.key() + "' = '" + Review.display(receiver, p.key(), p.value()) + "' rejected: " + p.reason());
		}
		if (!refused.isEmpty()) {
			throw new ConfigurationRejectedException(ConfigOrigin.describe(file, outcome.subject(), pid) + ": "
					+ message + "; nothing was changed", refused);
		}
	}

	// ---------------------------------------------------------------- SynchronousConfigurationListener

	/**
	 * Called in the thread that changed a configuration, right after the change: takes what
	 * Configuration Admin and the file say at that moment (events are handled later, when
	 * both may have moved on) and leaves the rest to the persister thread.
	 */
	@Override
	public void configurationEvent(ConfigurationEvent event) {
		String pid = event.getPid();
		if (event.getType() == ConfigurationEvent.CM_DELETED) {
			synced.remove(pid);
			lastWrite.remove(pid);
			return;
		}
		if (event.getType() != ConfigurationEvent.CM_UPDATED) {
			return;
		}
		try {
			Configuration c = find(pid);
			Dictionary<String, Object> raw = c == null ? null : c.getProperties();
			if (raw == null) {
				return;
			}
			Map<String, Object> cm = map(raw);
			Path file = fileOf(c, cm);
			String fileText = file != null && file.getFileName().toString().endsWith(".cfg") && Files.isRegularFile(file)
					? CfgFile.read(file)
					: null;
			// FileInstall applies files on its own watcher thread ("fileinstall-<dir>"): only such a
			// change can be a file it read just before one of our writes
			boolean fromFileInstall = Thread.currentThread().getName().startsWith(FILEINSTALL_THREAD);
			persister.execute(() -> withLock(pid, () -> reconcile(c, cm, file, fileText, fromFileInstall)));
		} catch (IOException | RuntimeException e) {
			LOG.debug("configuration {}: not followed: {}", pid, e.toString());
		}
	}

	/** At start: remember where file and Configuration Admin agree. */
	private void learn(String pid) {
		withLock(pid, () -> {
			Configuration c = find(pid);
			Dictionary<String, Object> raw = c == null ? null : c.getProperties();
			Path file = raw == null ? null : fileOf(c, map(raw));
			if (file != null && Files.isRegularFile(file)) {
				Map<String, String> onDisk = CfgFile.parse(CfgFile.read(file));
				if (onDisk.equals(text(map(raw)))) {
					synced.put(pid, onDisk);
				}
			}
		});
	}

	/**
	 * After Configuration Admin changed a configuration ({@code cm}, with its file reading
	 * {@code fileText} at that moment): if the file says something else and had not changed
	 * since the two last agreed, the change was made in Configuration Admin directly and is
	 * written to the file; if Configuration Admin went back to the values before our last
	 * write (FileInstall applied the file as it read it just before), the file's values are
	 * put back.
	 */
	private void reconcile(Configuration c, Map<String, Object> cm, Path file, String fileText, boolean fromFileInstall)
			throws IOException {
		String pid = c.getPid();
		if (file == null) {
			createFile(c, cm);
			return;
		}
		Object fileName = file.toUri().toString();
		if (fileText == null) {
			return; // not a .cfg file, or gone (FileInstall deletes the configuration of a deleted file)
		}
		Map<String, String> onDisk = CfgFile.parse(fileText);
		Map<String, String> cmText = text(cm);
		if (onDisk.equals(cmText)) {
			synced.put(pid, onDisk);
			return;
		}
		Map<String, String> base = synced.get(pid);
		String where = ConfigOrigin.describe(ConfigOrigin.file(fileName), null, pid);
		if (base == null || !base.equals(onDisk)) {
			LOG.info("{}: changed in Configuration Admin while its file changed on disk; the file wins", where);
			return;
		}
		Write w = lastWrite.get(pid);
		if (fromFileInstall && w != null && w.after().equals(onDisk) && w.before().equals(cmText)
				&& System.nanoTime() - w.nanos() < STALE_WINDOW_NANOS) {
			if (Files.isRegularFile(file)) {
				Hashtable<String, Object> fixed = new Hashtable<>(CfgFile.parse(CfgFile.read(file)));
				fixed.put(ConfigOrigin.FILEINSTALL_FILENAME, fileName);
				c.updateIfDifferent(fixed);
			}
			LOG.debug("{}: FileInstall applied the file as it was before the last write; its values are back", where);
			return;
		}
		if (!Files.isRegularFile(file)) {
			return;
		}
		Review.Outcome review = Review.review(pid, c.getFactoryPid(), ConfigOrigin.file(fileName), cm,
				Map.of(), Receiver.of(context, metaType, scr, null, pid, c.getFactoryPid()),
				checks.forPid(pid, c.getFactoryPid()));
		java.util.Set<String> refused = new java.util.HashSet<>();
		for (Review.Finding f : review.findings()) {
			if (f.problem().isWhole()) {
				LOG.warn("{}: a change made in Configuration Admin is not written to the file: {}", where,
						f.problem().reason());
				return; // the file keeps the configuration that still starts this component
			}
			refused.add(f.problem().key());
		}
		Map<String, String> changes = new LinkedHashMap<>();
		cmText.forEach((k, v) -> {
			if (!v.equals(base.get(k))) {
				changes.put(k, v);
			}
		});
		base.keySet().forEach(k -> {
			if (!cmText.containsKey(k)) {
				changes.put(k, null);
			}
		});
		changes.keySet().removeAll(refused); // the guard refuses them; the file keeps what still applies
		if (changes.isEmpty()) {
			return;
		}
		String current = CfgFile.read(file);
		String nextText = CfgFile.apply(current, changes);
		CfgFile.write(file, nextText, CfgFile.READABLE);
		Map<String, String> after = CfgFile.parse(nextText);
		synced.put(pid, after);
		lastWrite.put(pid, new Write(CfgFile.parse(current), after, System.nanoTime()));
		LOG.info("{}: {} changed in Configuration Admin, written to the file", where, changes.keySet());
	}

	/**
	 * A configuration made in Configuration Admin only (the Web Console's Configuration page)
	 * gets a file in the watched directory, so it survives a restart like every other.
	 */
	private void createFile(Configuration c, Map<String, Object> cm) throws IOException {
		String pid = c.getPid();
		String factoryPid = c.getFactoryPid();
		if (watched == null || !Files.isDirectory(watched)) {
			return;
		}
		Receiver receiver = Receiver.of(context, metaType, scr, null, pid, factoryPid);
		if (receiver.attributes().isEmpty()) {
			return; // not described: a bundle's own bookkeeping, not an operator's setting
		}
		if (factoryPid != null && !pid.startsWith(factoryPid + "~")) {
			// FileInstall would load <factoryPid>-<name>.cfg as a second configuration, <factoryPid>~<name>
			LOG.warn("configuration {} has no name a file can carry, so it is not written to {} and is gone after a "
					+ "restart; add it as {}-<name>.cfg there instead", pid, ConfigOrigin.file(watched.toString()),
					factoryPid);
			return;
		}
		Path file = watchedFile(pid, factoryPid);
		if (Files.exists(file)) {
			return; // FileInstall is about to take it over
		}
		Map<String, String> values = text(cm);
		Review.Outcome review = Review.review(pid, factoryPid, null, cm, Map.of(), receiver, checks.forPid(pid, factoryPid));
		for (Review.Finding f : review.findings()) {
			if (f.problem().isWhole()) {
				LOG.warn("configuration {} is not written to a file: {}", pid, f.problem().reason());
				return;
			}
			values.remove(f.problem().key());
		}
		boolean secret = values.keySet().stream().anyMatch(k -> k.toLowerCase(java.util.Locale.ROOT).contains("password"))
				|| receiver.attributes().stream().anyMatch(a -> a.type() == org.osgi.service.metatype.AttributeDefinition.PASSWORD
						&& values.containsKey(a.id()));
		StringBuilder text = new StringBuilder("# Configuration ").append(pid)
				.append(", written by Genlock from a change made in Configuration Admin (e.g. the Web Console).\n");
		CfgFile.write(file, CfgFile.apply(text.toString(), values), secret ? CfgFile.OWNER_ONLY : CfgFile.READABLE);
		LOG.info("configuration {} written to {}", pid, ConfigOrigin.file(file.toString()));
	}

	// ---------------------------------------------------------------- helpers

	/**
	 * The file a configuration lives in: the one FileInstall named, or, when a change dropped
	 * that property (the Web Console's Configuration page keeps only the keys of its form),
	 * the file FileInstall would map to the PID, if there is one.
	 */
	private Path fileOf(Configuration c, Map<String, Object> cm) {
		Path named = ConfigOrigin.path(cm.get(ConfigOrigin.FILEINSTALL_FILENAME));
		if (named != null || watched == null) {
			return named;
		}
		String factoryPid = c.getFactoryPid();
		if (factoryPid != null && !c.getPid().startsWith(factoryPid + "~")) {
			return null;
		}
		Path file = watchedFile(c.getPid(), factoryPid);
		return Files.isRegularFile(file) ? file : null;
	}

	/** FileInstall's name for a configuration: {@code <pid>.cfg} or {@code <factoryPid>-<name>.cfg}. */
	private Path watchedFile(String pid, String factoryPid) {
		String name = factoryPid == null ? pid : factoryPid + "-" + pid.substring(factoryPid.length() + 1);
		return watched.resolve(name + ".cfg");
	}

	private interface Work {
		void run() throws IOException;
	}

	private void withLock(String pid, Work work) {
		ReentrantLock lock = lock(pid);
		lock.lock();
		try {
			work.run();
		} catch (IOException | RuntimeException e) {
			LOG.error("configuration {}: could not write its file: {}", pid, e.toString());
		} finally {
			lock.unlock();
		}
	}

	private ReentrantLock lock(String pid) {
		return locks.computeIfAbsent(pid, k -> new ReentrantLock());
	}

	private Configuration find(String pid) throws IOException {
		try {
			Configuration[] found = configurationAdmin.listConfigurations(
					"(" + Constants.SERVICE_PID + "=" + escapeFilter(pid) + ")");
			return found == null || found.length == 0 ? null : found[0];
		} catch (InvalidSyntaxException e) {
			throw new IOException("PID '" + pid + "' cannot be looked up: " + e.getMessage(), e);
		}
	}

	static String escapeFilter(String value) {
		StringBuilder b = new StringBuilder();
		for (char ch : value.toCharArray()) {
			if (ch == '\\' || ch == '(' || ch == ')' || ch == '*') {
				b.append('\\');
			}
			b.append(ch);
		}
		return b.toString();
	}

	private static Map<String, Object> map(Dictionary<String, Object> d) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (String k : Collections.list(d.keys())) {
			m.put(k, d.get(k));
		}
		return m;
	}

	/**
	 * The values as a {@code .cfg} file would hold them: text, identity keys left out, list
	 * values left out (a plain .cfg line cannot carry them).
	 */
	static Map<String, String> text(Map<String, Object> values) {
		Map<String, String> out = new LinkedHashMap<>();
		values.forEach((k, v) -> {
			if (!Review.IDENTITY.contains(k) && v != null && !v.getClass().isArray() && !(v instanceof java.util.Collection)) {
				out.put(k, String.valueOf(v));
			}
		});
		return out;
	}
}
