package org.genlock.swap.itest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.telemetry.SwapKind;
import org.genlock.api.telemetry.SwapObservation;

/**
 * Attributes every impaired frame of a channel's frame log (not fresh, displayed late or
 * dropped) to the swap in effect when it aired, using the binding generations each record
 * carries, and maps those generations to the test's actions through the channel's swap
 * observations. Works after the fact, so the swapping thread never waits for playout.
 *
 * <p>A renderer swap takes the renderer away for a while (the underrun strategy fills), so
 * it owns an <em>episode</em>: from the first frame whose renderer generation differs from
 * the established one until {@link #CLEAN_RUN} fresh, on-time frames in a row; every impaired
 * frame inside is the renderer's. Outside episodes an impaired frame belongs to the policy,
 * strategy or program swap whose generation reached air most recently before it.
 */
final class SwapAttribution {

	/** Fresh, on-time frames in a row that end a renderer episode (the backend's own clean run). */
	static final int CLEAN_RUN = 10;

	/** One frame log record. */
	record Frame(long index, FrameOutcome outcome, CompletionResult result, long latenessNanos, long renderNanos,
			long rendererGeneration, long policyGeneration, long strategyGeneration, long programGeneration) {

		boolean nonFresh() {
			return outcome != FrameOutcome.FRESH;
		}

		boolean late() {
			return result == CompletionResult.DISPLAYED_LATE;
		}

		boolean dropped() {
			return result == CompletionResult.DROPPED;
		}

		boolean impaired() {
			return nonFresh() || late() || dropped();
		}
	}

	/** An action the test performed: its kind and when it started (wall clock, as observations are stamped). */
	record Performed(ContinuityUnderLiveSwapsTest.Action action, int tick, Instant start, long tookNanos,
			String what) {
	}

	/** Impaired frames counted for one cause. */
	static final class Tally {
		long nonFresh;
		long late;
		long dropped;
		long frames;
		final List<Long> examples = new ArrayList<>();

		void add(Frame f) {
			frames++;
			if (f.nonFresh()) {
				nonFresh++;
			}
			if (f.late()) {
				late++;
			}
			if (f.dropped()) {
				dropped++;
			}
			if (examples.size() < 8) {
				examples.add(f.index());
			}
		}

		boolean clean() {
			return nonFresh == 0 && late == 0 && dropped == 0;
		}

		@Override
		public String toString() {
			return nonFresh + " non-fresh, " + late + " late, " + dropped + " dropped"
					+ (examples.isEmpty() ? "" : " (display indices " + examples + (frames > examples.size() ? " ..." : "") + ")");
		}
	}

	/** One renderer episode: the frames from a renderer generation change until a clean run. */
	static final class Episode {
		final long firstIndex;
		final long firstGeneration;
		long lastIndex;
		boolean ended;
		final Tally tally = new Tally();

		Episode(long firstIndex, long firstGeneration) {
			this.firstIndex = firstIndex;
			this.firstGeneration = firstGeneration;
			this.lastIndex = firstIndex;
		}

		long length() {
			return lastIndex - firstIndex + 1;
		}
	}

	/** What caused an impaired frame: an action kind, or none (before the first swap / start-up). */
	static final String START_UP = "start-up (no swap yet)";

	private final List<Performed> performed;
	private final Map<String, ContinuityUnderLiveSwapsTest.Action> generationOwner = new HashMap<>();
	final List<Episode> episodes = new ArrayList<>();
	final Map<String, Tally> byCause = new HashMap<>();
	/** Generation changes of each kind that reached air outside a renderer episode. */
	final Map<SwapKind, Integer> changesOutsideEpisodes = new EnumMap<>(SwapKind.class);
	/** Generation changes of each kind that reached air at all. */
	final Map<SwapKind, Integer> changesOnAir = new EnumMap<>(SwapKind.class);

	SwapAttribution(List<Performed> performed, List<SwapObservation> swaps) {
		this.performed = performed;
		for (SwapObservation s : swaps) {
			ContinuityUnderLiveSwapsTest.Action a = actionAt(s.time());
			if (a != null) {
				generationOwner.put(key(s.kind(), s.generation()), a);
			}
		}
	}

	private static String key(SwapKind kind, long generation) {
		return kind + "#" + generation;
	}

	/** The action that was running (the latest started) at {@code t}, or null before the first. */
	private ContinuityUnderLiveSwapsTest.Action actionAt(Instant t) {
		ContinuityUnderLiveSwapsTest.Action found = null;
		for (Performed p : performed) {
			if (!p.start().isAfter(t)) {
				found = p.action();
			}
		}
		return found;
	}

	String causeOf(SwapKind kind, long generation) {
		ContinuityUnderLiveSwapsTest.Action a = generationOwner.get(key(kind, generation));
		return a == null ? START_UP : a.name();
	}

	Tally tally(String cause) {
		return byCause.computeIfAbsent(cause, c -> new Tally());
	}

	/** Runs over the frames in display order. */
	SwapAttribution analyse(List<Frame> frames) {
		if (frames.isEmpty()) {
			return this;
		}
		long established = -1;
		Episode episode = null;
		int clean = 0;
		long[] newest = { frames.get(0).policyGeneration(), frames.get(0).strategyGeneration(),
				frames.get(0).programGeneration() };
		long[] changedAt = { -1, -1, -1 };
		SwapKind[] kinds = { SwapKind.POLICY, SwapKind.STRATEGY, SwapKind.PROGRAM };
		for (Frame f : frames) {
			if (established < 0 && f.outcome() == FrameOutcome.FRESH) {
				established = f.rendererGeneration();
			}
			if (episode == null && established >= 0 && f.rendererGeneration() != established) {
				episode = new Episode(f.index(), f.rendererGeneration());
				episodes.add(episode);
				changesOnAir.merge(SwapKind.RENDERER, 1, Integer::sum);
				clean = 0;
			}
			long[] gens = { f.policyGeneration(), f.strategyGeneration(), f.programGeneration() };
			for (int k = 0; k < kinds.length; k++) {
				// generations only grow; a frame rendered before a change may air after a fill that carries it
				if (gens[k] > newest[k]) {
					newest[k] = gens[k];
					changedAt[k] = f.index();
					changesOnAir.merge(kinds[k], 1, Integer::sum);
					if (episode == null) {
						changesOutsideEpisodes.merge(kinds[k], 1, Integer::sum);
					}
				}
			}
			if (episode != null) {
				episode.lastIndex = f.index();
				if (f.impaired()) {
					episode.tally.add(f);
					tally(causeOf(SwapKind.RENDERER, episode.firstGeneration)).add(f);
					clean = 0;
				} else if (++clean >= CLEAN_RUN) {
					episode.ended = true;
					established = f.rendererGeneration();
					episode = null;
				}
				continue;
			}
			if (f.impaired()) {
				int latest = -1;
				for (int k = 0; k < kinds.length; k++) {
					if (changedAt[k] >= 0 && (latest < 0 || changedAt[k] > changedAt[latest])) {
						latest = k;
					}
				}
				tally(latest < 0 ? START_UP : causeOf(kinds[latest], newest[latest])).add(f);
			}
		}
		return this;
	}
}
