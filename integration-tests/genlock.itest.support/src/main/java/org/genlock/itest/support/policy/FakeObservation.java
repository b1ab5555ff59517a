package org.genlock.itest.support.policy;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutSettings;

/** A completion as a backend would measure it, with the values a test sets. */
public final class FakeObservation implements CompletionObservation {

	public CompletionResult result = CompletionResult.COMPLETED;
	public long completedIndex = 1000;
	public int readyDepth;
	public int readyTarget;
	public long scheduledLead;
	public int lateStreak;
	public int dropStreak;
	public PlayoutSettings settings;

	/** A late completion, the ready target at the settings' target. */
	public static FakeObservation late(PlayoutSettings settings, int lateStreak, long scheduledLead, int readyDepth) {
		FakeObservation o = new FakeObservation();
		o.result = CompletionResult.DISPLAYED_LATE;
		o.settings = settings;
		o.lateStreak = lateStreak;
		o.scheduledLead = scheduledLead;
		o.readyDepth = readyDepth;
		o.readyTarget = settings.targetReadyFrames();
		return o;
	}

	@Override
	public CompletionResult result() {
		return result;
	}

	@Override
	public long completedIndex() {
		return completedIndex;
	}

	@Override
	public long scheduledIndex() {
		return completedIndex + scheduledLead;
	}

	@Override
	public int readyDepth() {
		return readyDepth;
	}

	@Override
	public int readyTarget() {
		return readyTarget;
	}

	@Override
	public int deviceBuffered() {
		return (int) Math.max(0, scheduledLead);
	}

	@Override
	public long scheduledLead() {
		return scheduledLead;
	}

	@Override
	public int lateStreak() {
		return lateStreak;
	}

	@Override
	public int dropStreak() {
		return dropStreak;
	}

	@Override
	public long latenessNanos() {
		return result == CompletionResult.DISPLAYED_LATE ? 5_000_000L : 0L;
	}

	@Override
	public PlayoutSettings settings() {
		return settings;
	}
}
