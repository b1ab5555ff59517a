package org.genlock.policy.support.testing;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutSettings;

/** A settable {@link CompletionObservation}; starts as a clean completion at full preroll. */
public final class FakeObservation implements CompletionObservation {

	private CompletionResult result = CompletionResult.COMPLETED;
	private long completedIndex = 1001;
	private long scheduledIndex;
	private int readyDepth;
	private int readyTarget;
	private int deviceBuffered;
	private long scheduledLead;
	private int lateStreak;
	private int dropStreak;
	private long latenessNanos;
	private PlayoutSettings settings;

	/**
	 * A clean completion under {@code settings}: lead = preroll, ready queue at target.
	 *
	 * @param settings the settings in force
	 */
	public FakeObservation(PlayoutSettings settings) {
		this.settings = settings;
		this.scheduledLead = settings.prerollFrames();
		this.scheduledIndex = completedIndex + 1 + scheduledLead;
		this.readyTarget = settings.targetReadyFrames();
		this.readyDepth = readyTarget;
		this.deviceBuffered = settings.prerollFrames();
	}

	public FakeObservation result(CompletionResult value) { result = value; return this; }
	public FakeObservation completedIndex(long value) { completedIndex = value; return this; }
	public FakeObservation scheduledIndex(long value) { scheduledIndex = value; return this; }
	public FakeObservation readyDepth(int value) { readyDepth = value; return this; }
	public FakeObservation readyTarget(int value) { readyTarget = value; return this; }
	public FakeObservation scheduledLead(long value) { scheduledLead = value; return this; }
	public FakeObservation settings(PlayoutSettings value) { settings = value; return this; }
	public FakeObservation latenessNanos(long value) { latenessNanos = value; return this; }

	/** A late completion ending a streak of {@code streak}. */
	public FakeObservation late(int streak) {
		result = CompletionResult.DISPLAYED_LATE;
		lateStreak = streak;
		dropStreak = 0;
		return this;
	}

	/** A dropped completion ending a streak of {@code streak}. */
	public FakeObservation dropped(int streak) {
		result = CompletionResult.DROPPED;
		dropStreak = streak;
		lateStreak = 0;
		return this;
	}

	@Override public CompletionResult result() { return result; }
	@Override public long completedIndex() { return completedIndex; }
	@Override public long scheduledIndex() { return scheduledIndex; }
	@Override public int readyDepth() { return readyDepth; }
	@Override public int readyTarget() { return readyTarget; }
	@Override public int deviceBuffered() { return deviceBuffered; }
	@Override public long scheduledLead() { return scheduledLead; }
	@Override public int lateStreak() { return lateStreak; }
	@Override public int dropStreak() { return dropStreak; }
	@Override public long latenessNanos() { return latenessNanos; }
	@Override public PlayoutSettings settings() { return settings; }
}
