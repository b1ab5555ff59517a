package org.genlock.api.backend;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a channel's backend, with its allowed transitions:
 *
 * <pre>
 * UNINITIALIZED -&gt; DISCOVERING
 * DISCOVERING   -&gt; DISCOVERED | FAILED
 * DISCOVERED    -&gt; CONFIGURING | STOPPED
 * CONFIGURING   -&gt; CONFIGURED | FAILED
 * CONFIGURED    -&gt; PREROLLING | STOPPED
 * PREROLLING    -&gt; RUNNING | FAILED | STOPPING
 * RUNNING       -&gt; DEGRADED | STOPPING | FAILED
 * DEGRADED      -&gt; RUNNING | STOPPING | FAILED
 * STOPPING      -&gt; STOPPED
 * STOPPED       -&gt; DISCOVERING             (restart)
 * FAILED        -&gt; DISCOVERING | STOPPED   (retry, or give up and release)
 * </pre>
 *
 * The first nine lines are the phase 7 table. Retry starts again at discovery, because a
 * failure may mean the device went away. {@code FAILED -> STOPPED} lets an operator's stop
 * settle a failed channel into the idle state after its resources are released, so
 * "stopped" always means "idle by request". There is no self-transition and nothing leads
 * back to {@code UNINITIALIZED}. {@code STOPPING} always ends in {@code STOPPED}: closing a
 * session does not fail.
 */
public enum BackendState {
	/** Created, nothing acquired yet. */
	UNINITIALIZED,
	/** Looking for the output device. */
	DISCOVERING,
	/** Device found, not configured. */
	DISCOVERED,
	/** Opening the output session and the frame pool for the format. */
	CONFIGURING,
	/** Session and pool ready, not playing. */
	CONFIGURED,
	/** Rendering and scheduling the preroll frames. */
	PREROLLING,
	/** On air and healthy. */
	RUNNING,
	/** On air but impaired (late, dropped or repeated frames); recovering. */
	DEGRADED,
	/** Stopping playback and returning every frame. */
	STOPPING,
	/** Idle by request; resources released. */
	STOPPED,
	/** Something failed; see the transition reason. Resources may still be held. */
	FAILED;

	private static final Map<BackendState, Set<BackendState>> SUCCESSORS = new EnumMap<>(BackendState.class);

	static {
		allow(UNINITIALIZED, DISCOVERING);
		allow(DISCOVERING, DISCOVERED, FAILED);
		allow(DISCOVERED, CONFIGURING, STOPPED);
		allow(CONFIGURING, CONFIGURED, FAILED);
		allow(CONFIGURED, PREROLLING, STOPPED);
		allow(PREROLLING, RUNNING, FAILED, STOPPING);
		allow(RUNNING, DEGRADED, STOPPING, FAILED);
		allow(DEGRADED, RUNNING, STOPPING, FAILED);
		allow(STOPPING, STOPPED);
		allow(STOPPED, DISCOVERING);
		allow(FAILED, DISCOVERING, STOPPED);
	}

	private static void allow(BackendState from, BackendState... to) {
		EnumSet<BackendState> set = EnumSet.noneOf(BackendState.class);
		Collections.addAll(set, to);
		SUCCESSORS.put(from, Collections.unmodifiableSet(set));
	}

	/**
	 * Returns whether the lifecycle allows moving from this state to another. Does not
	 * allocate.
	 *
	 * @param next the target state
	 * @return {@code true} if {@code this -> next} is in the table
	 */
	public boolean canTransitionTo(BackendState next) {
		return next != null && SUCCESSORS.get(this).contains(next);
	}

	/**
	 * Returns the states this state may move to.
	 *
	 * @return an unmodifiable set, never empty
	 */
	public Set<BackendState> successors() {
		return SUCCESSORS.get(this);
	}

	/**
	 * Returns whether frames go to air in this state.
	 *
	 * @return {@code true} for {@link #RUNNING} and {@link #DEGRADED}
	 */
	public boolean isOnAir() {
		return this == RUNNING || this == DEGRADED;
	}

	/**
	 * Returns whether the backend is between starting and stopped: acquiring, holding or
	 * releasing the device (every state except {@link #UNINITIALIZED}, {@link #STOPPED} and
	 * {@link #FAILED}). A start request in a working state has nothing to do.
	 *
	 * @return {@code true} for the working states
	 */
	public boolean isWorking() {
		return this != UNINITIALIZED && this != STOPPED && this != FAILED;
	}
}
