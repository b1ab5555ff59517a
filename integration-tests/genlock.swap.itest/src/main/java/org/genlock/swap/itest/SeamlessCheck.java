package org.genlock.swap.itest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.genlock.api.telemetry.SwapKind;
import org.genlock.swap.itest.SwapAttribution.Episode;
import org.genlock.swap.itest.SwapAttribution.Frame;

/**
 * Judges policy, strategy and program swaps one by one, in a way a loaded machine cannot fail:
 * a swap that impairs frames does so where its generation reaches air, every time, while a busy
 * neighbour impairs a frame now and then wherever it falls. So for each such generation change
 * on air (outside renderer episodes) it looks at the {@link #WINDOW} frames from the first one
 * carrying the new generation, and counts per cause how many changes had an impaired frame
 * there. A kind of swap whose changes are mostly followed by impairment is broken; one hit in a
 * few is the machine.
 */
final class SeamlessCheck {

	/** Frames from the first one of a new generation that it is judged by. */
	static final int WINDOW = 3;

	/** Changes of one cause on air and how many had an impaired frame in their window. */
	static final class Count {
		int changes;
		int impaired;

		@Override
		public String toString() {
			return impaired + " of " + changes + " changes with an impaired frame within " + WINDOW + " frames";
		}
	}

	final Map<String, Count> byCause = new TreeMap<>();

	/** Walks the frames (in display-index order) with the attribution's generation owners and renderer episodes. */
	SeamlessCheck(List<Frame> frames, SwapAttribution attribution) {
		if (frames.isEmpty()) {
			return;
		}
		SwapKind[] kinds = { SwapKind.POLICY, SwapKind.STRATEGY, SwapKind.PROGRAM };
		long[] newest = generations(frames.get(0));
		for (int i = 0; i < frames.size(); i++) {
			Frame f = frames.get(i);
			long[] gens = generations(f);
			for (int k = 0; k < kinds.length; k++) {
				if (gens[k] <= newest[k]) {
					continue;
				}
				newest[k] = gens[k];
				if (inEpisode(f.index(), attribution.episodes)) {
					continue; // a renderer swap's fills: reported with the renderer, not judged here
				}
				Count c = byCause.computeIfAbsent(attribution.causeOf(kinds[k], gens[k]), x -> new Count());
				c.changes++;
				for (int j = i; j < Math.min(frames.size(), i + WINDOW); j++) {
					if (frames.get(j).impaired()) {
						c.impaired++;
						break;
					}
				}
			}
		}
	}

	private static long[] generations(Frame f) {
		return new long[] { f.policyGeneration(), f.strategyGeneration(), f.programGeneration() };
	}

	private static boolean inEpisode(long index, List<Episode> episodes) {
		for (Episode e : episodes) {
			if (index >= e.firstIndex && index <= e.lastIndex) {
				return true;
			}
		}
		return false;
	}
}
