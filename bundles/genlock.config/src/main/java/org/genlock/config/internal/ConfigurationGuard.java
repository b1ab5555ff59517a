package org.genlock.config.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.genlock.api.config.ConfigurationCheck;
import org.genlock.support.ConfigOrigin;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every configuration on its way to a component, whichever bundle owns it (Genlock's
 * own, Jetty, the Web Console...): a {@link Review} against the receiver's Metatype, its DS
 * reference targets and the registered {@link ConfigurationCheck}s. What is refused is logged
 * (file, subject, key, value, what is allowed) and replaced by what the component received
 * last, before Declarative Services sees it: a bad {@code device.target} never unbinds a
 * device, an empty channel file never blanks a channel. The component keeps running on good
 * values; nothing crashes on a typo.
 */
@Component(
		immediate = true,
		service = { ConfigurationPlugin.class, SynchronousConfigurationListener.class },
		property = {
			ConfigurationPlugin.CM_RANKING + ":Integer=500",
			"config.plugin.id=genlock.config.guard"
		})
public class ConfigurationGuard implements ConfigurationPlugin, SynchronousConfigurationListener {

	private static final Logger LOG = LoggerFactory.getLogger(ConfigurationGuard.class);

	@Reference
	MetaTypeService metaType;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile ServiceComponentRuntime scr;

	final CheckRegistry checks = new CheckRegistry();

	private BundleContext context;

	/** What each configuration's component received last, in full. */
	private final Map<String, Map<String, Object>> lastGood = new ConcurrentHashMap<>();
	private final Map<String, Object> locks = new ConcurrentHashMap<>();
	/** Deleted configurations: their components may linger a moment, but never stand for a new one. */
	private final java.util.Set<String> deleted = ConcurrentHashMap.newKeySet();

	@Activate
	void activate(BundleContext bundleContext) {
		this.context = bundleContext;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addCheck(ConfigurationCheck check, Map<String, Object> properties) {
		checks.add(check, properties);
	}

	void removeCheck(ConfigurationCheck check) {
		checks.remove(check);
	}

	@Override
	public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
		String pid = (String) properties.get(Constants.SERVICE_PID);
		if (pid == null || reference == null || reference.getBundle() == null) {
			return;
		}
		String factoryPid = (String) properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
		List<ConfigurationCheck> forPid = checks.forPid(pid, factoryPid);
		Receiver receiver = Receiver.of(context, metaType, scr, reference.getBundle(), pid, factoryPid);
		if (receiver.isEmpty() && forPid.isEmpty()) {
			return;
		}
		synchronized (locks.computeIfAbsent(pid, k -> new Object())) {
			Map<String, Object> proposed = new LinkedHashMap<>();
			for (String key : Collections.list(properties.keys())) {
				proposed.put(key, properties.get(key));
			}
			Object file = proposed.get(ConfigOrigin.FILEINSTALL_FILENAME);
			Review.Outcome outcome = Review.review(pid, factoryPid, ConfigOrigin.file(file), proposed, previous(pid),
					receiver, forPid);
			log(pid, file, receiver, outcome, forPid.size());
			if (!outcome.findings().isEmpty()) {
				for (String key : Collections.list(properties.keys())) {
					if (!outcome.delivered().containsKey(key)) {
						properties.remove(key);
					}
				}
				outcome.delivered().forEach(properties::put);
			}
			if (!outcome.wholeRejected()) {
				lastGood.put(pid, Map.copyOf(outcome.delivered()));
				deleted.remove(pid);
			}
		}
	}

	/**
	 * Forgets a deleted configuration at once (synchronously, in the deleting thread), so a new
	 * configuration of the same PID never falls back to the deleted one's values.
	 */
	@Override
	public void configurationEvent(ConfigurationEvent event) {
		if (event.getType() == ConfigurationEvent.CM_DELETED) {
			deleted.add(event.getPid());
			lastGood.remove(event.getPid());
		}
	}

	/** What the checks know of a configuration, for tests and the console. */
	Map<String, Object> lastGood(String pid) {
		return Collections.unmodifiableMap(new HashMap<>(lastGood.getOrDefault(pid, Map.of())));
	}

	/**
	 * What the component received last: remembered, or (after this bundle restarted) what a DS
	 * component configured by the PID runs with now.
	 */
	private Map<String, Object> previous(String pid) {
		Map<String, Object> known = lastGood.get(pid);
		if (known != null) {
			return known;
		}
		ServiceComponentRuntime runtime = scr;
		if (runtime == null || deleted.contains(pid)) {
			return Map.of();
		}
		try {
			for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
				for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
					if (c.properties != null && pid.equals(c.properties.get(Constants.SERVICE_PID))) {
						Map<String, Object> running = new LinkedHashMap<>(c.properties);
						running.keySet().removeIf(k -> k.startsWith("component."));
						return running;
					}
				}
			}
		} catch (RuntimeException e) {
			// SCR going away: nothing known
		}
		return Map.of();
	}

	private static void log(String pid, Object file, Receiver receiver, Review.Outcome outcome, int checks) {
		if (outcome.findings().isEmpty()) {
			if (!LOG.isDebugEnabled()) {
				return;
			}
			String where = ConfigOrigin.describe(ConfigOrigin.file(file), outcome.subject(), pid);
			LOG.debug("{}: checked and accepted ({} keys; {}, {} check(s) other bundles registered)", where,
					outcome.delivered().size(), receiver.isEmpty() ? "no Metatype or component description"
							: "against the receiving bundle's Metatype and component descriptions", checks);
			return;
		}
		String where = ConfigOrigin.describe(ConfigOrigin.file(file), outcome.subject(), pid);
		for (Review.Finding f : outcome.findings()) {
			if (f.problem().isWhole()) {
				LOG.error("{}: configuration rejected: {}. {}", where, f.problem().reason(),
						outcome.delivered().size() > Review.IDENTITY.stream().filter(outcome.delivered()::containsKey).count()
								? "The previous configuration stays in force."
								: "None of it is applied until it is corrected.");
			} else if (f.kept() != null) {
				LOG.error("{}: key '{}' = '{}' rejected: {}. The previous value '{}' stays in force.", where,
						f.problem().key(), Review.display(receiver, f.problem().key(), f.problem().value()),
						f.problem().reason(), Review.display(receiver, f.problem().key(), f.kept()));
			} else {
				LOG.error("{}: key '{}' = '{}' rejected: {}. The default stays in force.", where, f.problem().key(),
						Review.display(receiver, f.problem().key(), f.problem().value()), f.problem().reason());
			}
		}
	}
}
