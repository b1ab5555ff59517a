package org.genlock.backend.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.genlock.api.audio.AudioSourceProvider;

/**
 * The registered audio sources by id, as an immutable snapshot swapped on every change, with a
 * generation so a reader can tell cheaply that it must resolve its program's audio layers
 * again. Bound from any thread (DS); read by the completion worker without locking.
 */
final class AudioSources {

	record Snapshot(Map<String, AudioSourceProvider> byId, long generation) {
	}

	private final Map<AudioSourceProvider, String> registered = new LinkedHashMap<>();
	private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);

	synchronized void add(AudioSourceProvider source, Map<String, ?> properties) {
		Object id = properties.get(AudioSourceProvider.ID_PROPERTY);
		if (!(id instanceof String s) || s.isBlank()) {
			return; // not selectable by id
		}
		registered.put(source, s);
		publish();
	}

	synchronized void remove(AudioSourceProvider source) {
		if (registered.remove(source) != null) {
			publish();
		}
	}

	private void publish() {
		Map<String, AudioSourceProvider> byId = new HashMap<>();
		// the first registered wins an id conflict, like shaders
		registered.forEach((source, id) -> byId.putIfAbsent(id, source));
		snapshot = new Snapshot(Map.copyOf(byId), snapshot.generation() + 1);
	}

	Snapshot snapshot() {
		return snapshot;
	}
}
