package org.genlock.api.render;

import org.genlock.api.frame.FrameBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One channel's rendering state (GL context, compiled shaders, worker threads).
 *
 * <p>Implemented by renderer bundles ({@code @ConsumerType}: every renderer implements it).
 *
 * <h2>Threads and ownership</h2> The backend calls {@link #render} from one thread of its own
 * per session (the session's render lane), one call at a time, with at most
 * {@link #maxInFlight()} frames outstanding (handed over and not yet reported through
 * {@link RenderCompletion}). {@link #close()} is called from the backend's control thread,
 * after the lane has left {@code render} (or, for a render that hangs, after a bounded wait).
 * The lane is not the device's thread, so a synchronous render may take longer than a frame
 * period: the backend measures it and asks for the display index that will still be due when
 * the frame is done. It must still not block on anything but its own work (no I/O, no locks
 * held by slow threads) and must not allocate per frame; a render past
 * {@link RenderRequest#deadlineNanos()} is written off by the backend.
 */
@ConsumerType
public interface RenderSession extends AutoCloseable {

	/**
	 * Returns how many frames may be outstanding at once: 1 for a synchronous renderer that
	 * completes inside {@link #render}, more for a pipelined one (GL with asynchronous
	 * readback through PBOs). Constant for the life of the session.
	 *
	 * @return at least 1
	 */
	int maxInFlight();

	/**
	 * Renders the request into the target, now or later.
	 *
	 * <p>The {@code request} is a reused backend object valid only during this call: copy what
	 * is needed (display index, time, program) before returning. The {@code target} is lent
	 * until the session reports it: exactly once per call, either
	 * {@link RenderCompletion#rendered} or {@link RenderCompletion#failed}, from this thread
	 * during the call or later from any thread. After reporting, the session must not touch
	 * the target. Must not throw: failures are reported through {@code done}.
	 *
	 * @param request what to render; valid only during the call
	 * @param target  the frame to write, lent until reported
	 * @param done    where to report the target; never blocks
	 */
	void render(RenderRequest request, FrameBuffer target, RenderCompletion done);

	/**
	 * Completes or abandons in-flight work and releases the session's resources. Before it
	 * returns, every target still outstanding has been reported through its
	 * {@link RenderCompletion} (abandoned work as {@link RenderCompletion#failed failed}), so
	 * the backend gets every buffer back. If the GPU may still write a target after that
	 * (no fence), the session must wait for it. Idempotent; does not throw.
	 */
	@Override
	void close();
}
