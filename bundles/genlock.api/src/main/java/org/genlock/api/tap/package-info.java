/**
 * Taps: outputs a channel feeds besides the device that paces it (a stream, a recording,
 * a monitor). A {@link org.genlock.api.tap.FrameTap} service is selected per channel by the
 * channel's {@code taps.target} filter and receives every aired frame, read-only, after it
 * aired, through a {@link org.genlock.api.tap.TapSession}.
 *
 * <h2>Threads and ownership</h2> The backend gives each tap of a channel a thread of its own
 * ({@code genlock-<channel>-tap-<id>}) and a ring of frame buffers of its own. After the
 * device reports a frame aired, the backend offers it to each tap off the completion worker:
 * a tap that is idle (nothing queued, nothing in hand) reads the aired pool slot itself,
 * through a read-only view, and the backend frees the slot when the tap's call returns; a tap
 * that is still busy gets a copy in a free buffer of its ring; a tap whose ring is full misses
 * that frame, which is counted in {@link org.genlock.api.tap.TapStatus#dropped()}. Taps only
 * ever hold pool slots the pool has beyond the minimum its playout settings need (a pipelined
 * renderer's room; none with a pool of exactly the minimum size), and at most one each, so
 * however slow a tap is it never delays or starves the device. The session's
 * {@link org.genlock.api.tap.TapSession#frame frame} is called on the tap's thread with a
 * buffer that is the tap's to read during that call only; it may block (write to a pipe or
 * socket) for as long as it likes at the cost of the frames that arrive meanwhile. Nothing on
 * the channel's playout path allocates for a tap in steady state.
 *
 * @since 1.0.1 an idle tap reads the aired slot through a read-only view instead of a copy
 *        (the contract of {@link org.genlock.api.tap.TapSession#frame} is unchanged: read
 *        only, during the call only)
 */
@Export
@Version("1.0.1")
package org.genlock.api.tap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
