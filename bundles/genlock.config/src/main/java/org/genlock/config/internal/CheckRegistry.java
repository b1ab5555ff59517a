package org.genlock.config.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.genlock.api.config.ConfigurationCheck;

/** The registered {@link ConfigurationCheck} services and the PIDs each is for. Thread-safe. */
final class CheckRegistry {

	private record Entry(ConfigurationCheck check, Set<String> pids) {
	}

	private final List<Entry> entries = new CopyOnWriteArrayList<>();

	void add(ConfigurationCheck check, Map<String, ?> properties) {
		entries.add(new Entry(check, pids(properties.get(ConfigurationCheck.PIDS))));
	}

	void remove(ConfigurationCheck check) {
		entries.removeIf(e -> e.check() == check);
	}

	/** The checks for a configuration, in registration order. */
	List<ConfigurationCheck> forPid(String pid, String factoryPid) {
		List<ConfigurationCheck> out = new ArrayList<>();
		for (Entry e : entries) {
			if (e.pids().contains(pid) || (factoryPid != null && e.pids().contains(factoryPid))) {
				out.add(e.check());
			}
		}
		return out;
	}

	private static Set<String> pids(Object value) {
		if (value instanceof String s) {
			return Set.of(s);
		}
		if (value instanceof String[] a) {
			return Set.copyOf(java.util.Arrays.asList(a));
		}
		if (value instanceof Collection<?> c) {
			return Set.copyOf(c.stream().map(String::valueOf).toList());
		}
		return Set.of();
	}
}
