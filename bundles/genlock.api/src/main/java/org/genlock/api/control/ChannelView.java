package org.genlock.api.control;

import java.util.List;

import org.genlock.api.backend.ChannelStatus;
import org.genlock.api.backend.StateTransition;
import org.genlock.api.telemetry.SwapObservation;

/**
 * Everything an operator sees of one channel. Immutable; built on the caller's thread.
 *
 * @param status      the backend's status snapshot
 * @param program     the program text in force (canonical form)
 * @param autostart   whether the channel goes on air when its configuration arrives
 * @param selections  one per selectable kind: device, renderer, policy, strategy
 * @param swaps       the most recent swaps, oldest first (bounded)
 * @param transitions the most recent lifecycle transitions, oldest first (bounded)
 */
public record ChannelView(ChannelStatus status, String program, boolean autostart, List<Selection> selections,
		List<SwapObservation> swaps, List<StateTransition> transitions) {

	/**
	 * Validates and copies.
	 *
	 * @param status the backend's status snapshot
	 * @param program the program text in force
	 * @param autostart whether the channel autostarts
	 * @param selections one per selectable kind
	 * @param swaps the most recent swaps
	 * @param transitions the most recent lifecycle transitions
	 * @throws IllegalArgumentException if a field is null
	 */
	public ChannelView {
		if (status == null || program == null || selections == null || swaps == null || transitions == null) {
			throw new IllegalArgumentException("ChannelView: status, program, selections, swaps and transitions "
					+ "must not be null");
		}
		selections = List.copyOf(selections);
		swaps = List.copyOf(swaps);
		transitions = List.copyOf(transitions);
	}

	/**
	 * Returns the selection of one kind.
	 *
	 * @param kind a selectable kind
	 * @return the selection
	 * @throws IllegalArgumentException if the kind is not selectable
	 */
	public Selection selection(ProviderKind kind) {
		for (Selection s : selections) {
			if (s.kind() == kind) {
				return s;
			}
		}
		throw new IllegalArgumentException("no selection of kind " + kind + " (selectable: device, renderer, "
				+ "policy, strategy)");
	}
}
