package org.genlock.api.frame;

import java.nio.ByteBuffer;

import org.genlock.api.video.VideoFormat;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One slot of a channel's frame pool: a frame's worth of pixel memory, the {@link #audio()
 * audio} that airs with it, and its identity.
 *
 * <p>Implemented by the backend's frame pool ({@code @ProviderType}: renderers and devices
 * only use it, so methods may be added in minor versions).
 *
 * <h2>Lending rules</h2> A {@code FrameBuffer} is lent, never given:
 * <ul>
 * <li>A renderer may write it only between the
 * {@link org.genlock.api.render.RenderSession#render render} call that hands it over and its
 * own call of {@link org.genlock.api.render.RenderCompletion#rendered rendered} or
 * {@link org.genlock.api.render.RenderCompletion#failed failed} for it. After that it must
 * not touch the buffer or keep a reference to its memory.</li>
 * <li>A device may read it only between
 * {@link org.genlock.api.device.OutputSession#schedule schedule} and the
 * {@link org.genlock.api.device.OutputListener#frameCompleted frameCompleted} callback for
 * it. A device may map the same memory for DMA in that window; it must not read it after
 * the callback.</li>
 * <li>The backend reuses a slot only after the window has closed. Each reuse changes
 * {@link #generation()}, so a holder that remembers the generation it was lent can detect
 * that it is stale, and the pool detects a completion for a generation it no longer lent.
 * A slot whose memory the device may still touch (session lost, renderer gone mid-DMA) is
 * parked, never reused.</li>
 * </ul>
 *
 * <h2>Threads</h2> The accessors are cheap, never block and never allocate; they may be
 * called from any thread that currently holds the buffer. Several worker threads may write
 * disjoint row ranges of the same buffer concurrently (see
 * {@link org.genlock.api.shader.CpuKernel}).
 */
@ProviderType
public interface FrameBuffer {

	/**
	 * Returns the slot number within the pool, stable for the life of the pool.
	 *
	 * @return the slot number, {@code 0 <= slot < pool size}
	 */
	int slot();

	/**
	 * Returns the generation of this lending: it changes (increases) every time the slot is
	 * handed out again, so an old holder can tell it no longer owns the buffer.
	 *
	 * @return the current generation
	 */
	long generation();

	/**
	 * Returns the format of the frame held in this buffer.
	 *
	 * @return the video format; never {@code null}
	 */
	VideoFormat format();

	/**
	 * Returns the byte distance between the starts of two rows. At least
	 * {@code format().rowBytes()}; larger if the device's memory has a wider stride.
	 *
	 * @return the row stride in bytes
	 */
	int rowBytes();

	/**
	 * Returns the pixel memory: a direct buffer of at least {@code rowBytes() * height}
	 * bytes, row 0 (the top line) first, in {@link java.nio.ByteOrder#LITTLE_ENDIAN} order
	 * (so {@code putInt(0xAARRGGBB)} writes B, G, R, A for {@code BGRA8}). The memory may
	 * belong to the device (e.g. a DeckLink frame).
	 *
	 * <p>The same buffer object is returned each time and is shared by every thread writing
	 * the frame: use absolute {@code get}/{@code put} only and never change its position,
	 * limit, mark or byte order. Do not keep the buffer, or a view of it, beyond the lending
	 * window.
	 *
	 * @return the pixel memory; never {@code null}
	 */
	ByteBuffer pixels();

	/**
	 * Returns the audio that airs with this frame (see {@link AudioBuffer}): lent together
	 * with the pixels, under the same rules. The same object each time.
	 *
	 * @return the frame's audio; {@link AudioBuffer#NONE} when the channel carries none (the
	 *         default, for buffers that have no audio)
	 * @since 1.1
	 */
	default AudioBuffer audio() {
		return AudioBuffer.NONE;
	}
}
