package org.genlock.policy.support.testing;

import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;

/** A {@link RecoveryDecision} that resets like the backend's and rejects what the backend would. */
public final class FakeDecision implements RecoveryDecision {

	private int catchUpFrames;
	private int headroomDelta;
	private boolean degraded;
	private RecoveryReason reason = RecoveryReason.NONE;

	/** Resets to "no action" for a channel that is {@code currentlyDegraded}, as the backend does. */
	public FakeDecision reset(boolean currentlyDegraded) {
		catchUpFrames = 0;
		headroomDelta = 0;
		degraded = currentlyDegraded;
		reason = RecoveryReason.NONE;
		return this;
	}

	@Override
	public RecoveryDecision catchUpFrames(int frames) {
		if (frames < 0) {
			throw new IllegalArgumentException("catchUpFrames is " + frames + " but must be >= 0");
		}
		catchUpFrames = frames;
		return this;
	}

	@Override
	public RecoveryDecision headroomDelta(int delta) {
		headroomDelta = delta;
		return this;
	}

	@Override
	public RecoveryDecision degraded(boolean value) {
		degraded = value;
		return this;
	}

	@Override
	public RecoveryDecision reason(RecoveryReason value) {
		if (value == null) {
			throw new IllegalArgumentException("reason is null");
		}
		reason = value;
		return this;
	}

	@Override public int catchUpFrames() { return catchUpFrames; }
	@Override public int headroomDelta() { return headroomDelta; }
	@Override public boolean degraded() { return degraded; }
	@Override public RecoveryReason reason() { return reason; }
}
