package org.genlock.control.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.genlock.api.control.ProviderKind;
import org.genlock.api.control.ProviderView;

/**
 * The registered providers of every kind, as service events report them. Thread-safe: DS
 * calls add and remove on its threads while consoles read.
 */
final class ProviderRegistry {

	/** A provider and its service ranking, which decides among providers of the same id. */
	record Entry(ProviderView view, int ranking) {}

	private static final Comparator<Entry> BEST_FIRST = Comparator.comparingInt((Entry e) -> -e.ranking())
			.thenComparingLong(e -> e.view().serviceId());

	private final Map<ProviderKind, Map<Long, Entry>> byKind = new EnumMap<>(ProviderKind.class);

	ProviderRegistry() {
		for (ProviderKind k : ProviderKind.values()) {
			byKind.put(k, new ConcurrentHashMap<>());
		}
	}

	void add(ProviderView view, int ranking) {
		byKind.get(view.kind()).put(view.serviceId(), new Entry(view, ranking));
	}

	void remove(ProviderKind kind, long serviceId) {
		byKind.get(kind).remove(serviceId);
	}

	/** Every provider of a kind, sorted by id, then best first. */
	List<ProviderView> list(ProviderKind kind) {
		List<Entry> entries = new ArrayList<>(byKind.get(kind).values());
		entries.sort(Comparator.comparing((Entry e) -> e.view().id()).thenComparing(BEST_FIRST));
		return entries.stream().map(Entry::view).toList();
	}

	/** The distinct ids of a kind, sorted. */
	List<String> ids(ProviderKind kind) {
		TreeSet<String> ids = new TreeSet<>();
		byKind.get(kind).values().forEach(e -> ids.add(e.view().id()));
		return List.copyOf(ids);
	}

	/**
	 * The provider a target filter {@code (idProperty=id)} binds: of those with the id, the
	 * highest ranking, then the lowest service id (the order DS binds in).
	 */
	Optional<ProviderView> best(ProviderKind kind, String id) {
		if (id == null) {
			return Optional.empty();
		}
		return byKind.get(kind).values().stream().filter(e -> e.view().id().equals(id)).sorted(BEST_FIRST)
				.map(Entry::view).findFirst();
	}
}
