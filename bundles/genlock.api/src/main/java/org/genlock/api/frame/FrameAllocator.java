package org.genlock.api.frame;

import java.nio.ByteBuffer;

import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Supplies the memory behind frame pool slots, so a device can have frames live in memory
 * it can scan out directly (a DeckLink {@code IDeckLinkMutableVideoFrame}, pinned DMA memory).
 *
 * <p>Implemented by output devices, obtained from
 * {@link org.genlock.api.device.OutputSession#allocator()} ({@code @ConsumerType}: every
 * device implements it, so adding a method is a major change). A device without special
 * memory returns {@link ByteBuffer#allocateDirect(int) direct buffers}.
 *
 * <p>Called by the backend on its control thread, off the hot path, when it builds or
 * resizes the pool; both methods may allocate and may block briefly.
 */
@ConsumerType
public interface FrameAllocator {

	/**
	 * Allocates the memory for one frame slot.
	 *
	 * @param format   the format the slot will hold
	 * @param rowBytes the row stride the backend will use, at least {@code format.rowBytes()}
	 * @return a direct buffer with capacity of at least {@code rowBytes * format.height()},
	 *         owned by the pool until it is passed to {@link #release(ByteBuffer)}
	 * @throws IllegalArgumentException if the device cannot provide memory for that format
	 *                                  or stride
	 */
	ByteBuffer allocate(VideoFormat format, int rowBytes);

	/**
	 * Returns memory obtained from {@link #allocate} when its slot is retired. The backend
	 * calls this only when the device holds no frame using this memory (never for a parked
	 * slot) and does not use the buffer afterwards. Releasing a buffer twice, or one this
	 * allocator did not produce, is ignored.
	 *
	 * @param buffer a buffer from {@link #allocate}
	 */
	void release(ByteBuffer buffer);
}
