package org.genlock.policy.lowlatency.itest;

import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;

/** A recovery decision as the backend hands it over: reset to no action, channel not degraded. */
final class FakeDecision implements RecoveryDecision {

	/** What a policy decided, comparable by value. */
	record Decided(int catchUpFrames, int headroomDelta, boolean degraded, RecoveryReason reason) {
	}

	private int catchUpFrames;
	private int headroomDelta;
	private boolean degraded;
	private RecoveryReason reason = RecoveryReason.NONE;

	Decided decided() {
		return new Decided(catchUpFrames, headroomDelta, degraded, reason);
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

	@Override
	public int catchUpFrames() {
		return catchUpFrames;
	}

	@Override
	public int headroomDelta() {
		return headroomDelta;
	}

	@Override
	public boolean degraded() {
		return degraded;
	}

	@Override
	public RecoveryReason reason() {
		return reason;
	}
}
