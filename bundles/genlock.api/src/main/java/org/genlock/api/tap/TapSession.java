package org.genlock.api.tap;

import org.genlock.api.frame.FrameBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One channel's feed into a {@link FrameTap}. {@link #frame} and {@link #close} are called on
 * the tap's thread, one at a time; {@link #state} from any thread.
 */
@ConsumerType
public interface TapSession {

	/**
	 * Takes one aired frame. The buffer is either the tap's own copy in its ring or a
	 * read-only view of the aired pool slot itself (when the tap was idle); either way it may
	 * be read, never written, during this call only: keep neither it nor a view of its memory
	 * afterwards. Its position and limit are the tap's to move during the call. May block;
	 * frames that air meanwhile are queued in the tap's ring or, with the ring full, dropped
	 * for this tap and counted.
	 *
	 * @param frame        the aired pixels ({@code rowBytes() * height} bytes)
	 * @param displayIndex the display index it aired at
	 */
	void frame(FrameBuffer frame, long displayIndex);

	/**
	 * The session's state as an operator reads it, e.g. {@code connecting}, {@code streaming},
	 * {@code reconnecting: Connection refused} or {@code failed: unknown codec 'x'}. Cheap,
	 * non-blocking, any thread.
	 *
	 * @return the state; never {@code null}
	 */
	String state();

	/** Ends the session: flush, close files and connections. Called once. */
	void close();
}
