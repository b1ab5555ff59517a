package org.genlock.itest.support.policy;

import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.RecoveryReason;

/** A recovery decision as the backend hands it over: reset to no action, channel not degraded. */
public final class FakeDecision implements RecoveryDecision {

	/** What a policy decided, comparable by value. */
	public record Decided(int catchUpFrames, int headroomDelta, boolean degraded, RecoveryReason reason) {
	}

	/** Runs a policy's recovery on one completion, with a fresh decision, and returns what it decided. */
	public static Decided decide(PlayoutPolicy policy, CompletionObservation in) {
		FakeDecision out = new FakeDecision();
		policy.onCompletion(in, out);
		return out.decided();
	}

	private int catchUpFrames;
	private int headroomDelta;
	private boolean degraded;
	private RecoveryReason reason = RecoveryReason.NONE;

	public Decided decided() {
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
