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
	 * Takes one aired frame. The buffer belongs to the tap's ring and may be read, never
	 * written, during this call only; keep neither it nor a view of its memory afterwards.
	 * May block; frames that air meanwhile are dropped for this tap and counted.
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
