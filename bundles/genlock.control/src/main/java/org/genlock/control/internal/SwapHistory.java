package org.genlock.control.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.genlock.api.telemetry.SwapObservation;

/** The last swaps of every channel, bounded; fed by the backend's event thread. */
final class SwapHistory {

	private final int capacity;
	private final Map<String, ArrayDeque<SwapObservation>> byChannel = new HashMap<>();

	SwapHistory(int capacity) {
		this.capacity = capacity;
	}

	synchronized void add(SwapObservation swap) {
		ArrayDeque<SwapObservation> q = byChannel.computeIfAbsent(swap.channelId(), k -> new ArrayDeque<>());
		if (q.size() == capacity) {
			q.removeFirst();
		}
		q.addLast(swap);
	}

	/** Oldest first. */
	synchronized List<SwapObservation> of(String channelId) {
		ArrayDeque<SwapObservation> q = byChannel.get(channelId);
		return q == null ? List.of() : List.copyOf(q);
	}

	synchronized void forget(String channelId) {
		byChannel.remove(channelId);
	}
}
