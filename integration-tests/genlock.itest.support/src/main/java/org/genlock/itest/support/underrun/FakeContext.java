package org.genlock.itest.support.underrun;

import org.genlock.api.playout.UnderrunContext;

/**
 * An underrun as a backend would describe it.
 *
 * @param displayIndex         the index that needs a frame
 * @param consecutiveUnderruns underruns in a row, including this one
 * @param hasNewestCompleted   whether a completed frame can be repeated
 * @param hasLastScheduled     whether the previous scheduled frame can be repeated
 * @param keyingEnabled        whether the output is keyed
 * @param slateAvailable       whether a slate is drawn
 */
public record FakeContext(long displayIndex, int consecutiveUnderruns, boolean hasNewestCompleted, boolean hasLastScheduled,
		boolean keyingEnabled, boolean slateAvailable) implements UnderrunContext {

	/** An underrun on a running channel with frames to repeat, unkeyed, without a slate. */
	public static FakeContext running(int consecutiveUnderruns) {
		return new FakeContext(1000, consecutiveUnderruns, true, true, false, false);
	}

	public FakeContext keyed() {
		return new FakeContext(displayIndex, consecutiveUnderruns, hasNewestCompleted, hasLastScheduled, true,
				slateAvailable);
	}

	public FakeContext withSlate() {
		return new FakeContext(displayIndex, consecutiveUnderruns, hasNewestCompleted, hasLastScheduled,
				keyingEnabled, true);
	}

	/** As at the start of playback: nothing completed yet, only the last scheduled frame. */
	public FakeContext nothingCompleted() {
		return new FakeContext(displayIndex, consecutiveUnderruns, false, hasLastScheduled, keyingEnabled,
				slateAvailable);
	}

	/** Nothing at all to repeat. */
	public FakeContext nothingToRepeat() {
		return new FakeContext(displayIndex, consecutiveUnderruns, false, false, keyingEnabled, slateAvailable);
	}
}
