package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;

import org.genlock.api.backend.PoolStatus;
import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.frame.FrameAllocator;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.video.VideoFormat;

/**
 * The backend-owned frame pool of one device session: every slot is FREE, RENDERING, READY,
 * SCHEDULED or PARKED, and every move checks the caller's generation so a stale holder (a
 * renderer that went away, a duplicate or late completion) is detected, ignored and counted.
 *
 * <p>Operations are O(1) under one short lock (parking a free slot scans the free stack,
 * which only happens on teardown) and allocate nothing: the slot array and the free stack
 * are sized for {@link PlayoutSettings#MAX_POOL_SIZE} up front, so {@link #grow} only adds
 * slot objects, off the hot path.
 */
final class OutputFramePool implements PreviewTap.Lender {

	static final int FREE = 0;
	static final int RENDERING = 1;
	static final int READY = 2;
	static final int SCHEDULED = 3;
	static final int PARKED = 4;
	private static final String[] STATE_NAMES = { "FREE", "RENDERING", "READY", "SCHEDULED", "PARKED" };

	/**
	 * One pool slot. The per-frame metadata fields are written by whichever thread holds
	 * the slot in its current state and handed over with it (through the pool lock, the ready
	 * queue's lock or the device), so they need no synchronisation of their own.
	 */
	static final class Slot implements FrameBuffer {
		private final OutputFramePool pool;
		private final int index;
		private final ByteBuffer pixels;
		private volatile long generation;
		private int state = FREE;

		/** Display index the frame was made for. */
		long displayIndex = -1;
		/** Render time, or -1 for a fill. */
		long renderNanos = -1;
		/** What the frame is: a FrameOutcome ordinal. */
		int outcome;
		long rendererGeneration;
		long policyGeneration;
		long strategyGeneration;
		long programGeneration;
		/** The render lane that made the frame, or {@code null} for a fill. */
		Object producer;
		/** The program the frame was rendered with (its audio is generated from it), or {@code null} for a fill. */
		Channel.ProgramBinding program;
		/** The frame's audio, or {@code null} when the run carries none. */
		private final FrameAudio audio;

		Slot(OutputFramePool pool, int index, ByteBuffer pixels) {
			this.pool = pool;
			this.index = index;
			this.pixels = pixels;
			this.audio = pool.audioChannels > 0 ? new FrameAudio(pool.audioChannels, pool.maxAudioSamples) : null;
		}

		@Override
		public AudioBuffer audio() {
			return audio != null ? audio : AudioBuffer.NONE;
		}

		/** The writable audio of this slot, or {@code null} when the run carries none. */
		FrameAudio frameAudio() {
			return audio;
		}

		@Override
		public int slot() {
			return index;
		}

		@Override
		public long generation() {
			return generation;
		}

		@Override
		public VideoFormat format() {
			return pool.format;
		}

		@Override
		public int rowBytes() {
			return pool.rowBytes;
		}

		@Override
		public ByteBuffer pixels() {
			return pixels;
		}

		OutputFramePool pool() {
			return pool;
		}

		@Override
		public String toString() {
			return "slot " + index + " generation " + generation;
		}
	}

	private final Object lock = new Object();
	private final VideoFormat format;
	private final int rowBytes;
	private final int audioChannels;
	private final int maxAudioSamples;
	private final Slot[] slots = new Slot[PlayoutSettings.MAX_POOL_SIZE];
	private final int[] freeStack = new int[PlayoutSettings.MAX_POOL_SIZE];
	private final int[] counts = new int[5];
	private int freeTop;
	private int size;
	private long staleOperations;
	private long reclaimed;

	/**
	 * Creates a pool of {@code size} slots with memory from {@code memory} (one call per
	 * slot, with the slot number).
	 */
	OutputFramePool(VideoFormat format, int rowBytes, int size, IntFunction<ByteBuffer> memory) {
		this(format, rowBytes, size, 0, memory);
	}

	/**
	 * Creates a pool whose slots also carry {@code audioChannels} channels of 48 kHz audio,
	 * allocated once per slot for the largest frame of the format's rate.
	 */
	OutputFramePool(VideoFormat format, int rowBytes, int size, int audioChannels, IntFunction<ByteBuffer> memory) {
		if (rowBytes < format.rowBytes()) {
			throw new IllegalArgumentException("pool rowBytes " + rowBytes + " is less than the format's "
					+ format.rowBytes());
		}
		if (audioChannels < 0 || audioChannels > 16) {
			throw new IllegalArgumentException("audio channels " + audioChannels + " must be in 0..16");
		}
		this.format = format;
		this.rowBytes = rowBytes;
		this.audioChannels = audioChannels;
		this.maxAudioSamples = format.frameTime().maxAudioSamples(AudioBuffer.SAMPLE_RATE);
		grow(size, memory);
	}

	/** A pool whose memory comes from a device session's allocator. */
	static OutputFramePool allocate(VideoFormat format, int size, int audioChannels, FrameAllocator allocator) {
		int rowBytes = format.rowBytes();
		return new OutputFramePool(format, rowBytes, size, audioChannels, i -> checked(allocator.allocate(format, rowBytes), format,
				rowBytes));
	}

	private static ByteBuffer checked(ByteBuffer b, VideoFormat format, int rowBytes) {
		long need = (long) rowBytes * format.height();
		if (b == null || !b.isDirect() || b.capacity() < need) {
			throw new IllegalArgumentException("the device allocator returned " + b + " but a direct buffer of at least "
					+ need + " bytes is needed for " + format.name());
		}
		return b;
	}

	VideoFormat format() {
		return format;
	}

	int rowBytes() {
		return rowBytes;
	}

	/** Audio channels every slot carries; 0 for none. */
	int audioChannels() {
		return audioChannels;
	}

	/** The most audio samples per channel a frame of this pool's rate carries. */
	int maxAudioSamples() {
		return maxAudioSamples;
	}

	/** Bytes of one frame: {@code rowBytes * height}. */
	int frameBytes() {
		return rowBytes * format.height();
	}

	/**
	 * Adds slots until the pool has {@code newSize}; never shrinks (slots may be lent).
	 * Allocates; off the hot path. Memory is obtained outside the lock.
	 *
	 * @return slots added
	 */
	int grow(int newSize, IntFunction<ByteBuffer> memory) {
		if (newSize > PlayoutSettings.MAX_POOL_SIZE) {
			throw new IllegalArgumentException("pool size " + newSize + " exceeds " + PlayoutSettings.MAX_POOL_SIZE);
		}
		// one caller at a time (the control thread); the lock only publishes each new slot
		int added = 0;
		for (int index = size(); index < newSize; index = size()) {
			Slot slot = new Slot(this, index, memory.apply(index));
			synchronized (lock) {
				slots[index] = slot;
				freeStack[freeTop++] = index;
				counts[FREE]++;
				size = index + 1;
			}
			added++;
		}
		return added;
	}

	/** FREE -> RENDERING with a new generation, or {@code null} if no slot is free. */
	Slot acquire() {
		return acquireKeeping(0);
	}

	/**
	 * Like {@link #acquire()} but only if more than {@code reserve} slots are free, so the
	 * render lanes leave spares for underrun fills.
	 */
	Slot acquireKeeping(int reserve) {
		return take(reserve, RENDERING);
	}

	/**
	 * FREE -> READY with a new generation, for an underrun fill the backend draws itself
	 * before scheduling it: a fill is never RENDERING, so reclaiming a renderer's slots can
	 * never take it away mid-copy.
	 *
	 * @return the slot, or {@code null} if none is free
	 */
	Slot acquireForFill() {
		return take(0, READY);
	}

	private Slot take(int reserve, int state) {
		synchronized (lock) {
			if (freeTop <= reserve) {
				return null;
			}
			Slot slot = slots[freeStack[--freeTop]];
			slot.generation++;
			move(slot, state);
			return slot;
		}
	}

	/** RENDERING -> READY if {@code generation} is current. */
	boolean ready(Slot slot, long generation) {
		return transition(slot, generation, RENDERING, READY);
	}

	/** READY -> SCHEDULED if {@code generation} is current. */
	boolean scheduled(Slot slot, long generation) {
		return transition(slot, generation, READY, SCHEDULED);
	}

	/**
	 * SCHEDULED -> READY if {@code generation} is current: a frame the device returned that
	 * the backend keeps (the newest fresh frame, for repeats) instead of freeing it. It goes
	 * back with {@link #release}.
	 */
	boolean keep(Slot slot, long generation) {
		return transition(slot, generation, SCHEDULED, READY);
	}

	/** Moves a slot from one state to another if its generation is current; else counts a stale operation. */
	private boolean transition(Slot slot, long generation, int from, int to) {
		synchronized (lock) {
			if (!owns(slot, generation) || slot.state != from) {
				staleOperations++;
				return false;
			}
			move(slot, to);
			return true;
		}
	}

	/** RENDERING, READY or SCHEDULED -> FREE if {@code generation} is current. */
	boolean release(Slot slot, long generation) {
		synchronized (lock) {
			if (!owns(slot, generation) || slot.state == FREE || slot.state == PARKED) {
				staleOperations++;
				return false;
			}
			move(slot, FREE);
			freeStack[freeTop++] = slot.index;
			return true;
		}
	}

	/**
	 * Returns every RENDERING slot to FREE with a new generation, for a renderer session that
	 * went away without reporting them; their old holders are stale from now on.
	 *
	 * @return slots reclaimed
	 */
	int reclaimRendering() {
		return withdraw(RENDERING, FREE);
	}

	/**
	 * Parks every slot in {@code state} (e.g. SCHEDULED after a session closed without
	 * reporting them): they are never reused.
	 *
	 * @return slots parked
	 */
	int parkAll(int state) {
		return withdraw(state, PARKED);
	}

	private int withdraw(int from, int to) {
		synchronized (lock) {
			int n = 0;
			for (int i = 0; i < size; i++) {
				Slot s = slots[i];
				if (s.state == from) {
					s.generation++;
					move(s, to);
					if (to == FREE) {
						freeStack[freeTop++] = i;
					}
					n++;
				}
			}
			if (to == FREE) {
				reclaimed += n;
			}
			return n;
		}
	}

	/**
	 * Parks one slot whatever its state: its memory may still be touched by a device or a
	 * vanished renderer, so it is never reused.
	 *
	 * @return whether it was parked now ({@code false} if already parked or not ours)
	 */
	boolean park(Slot slot) {
		synchronized (lock) {
			if (slot.pool != this || slot.state == PARKED) {
				return false;
			}
			if (slot.state == FREE) {
				for (int i = 0; i < freeTop; i++) {
					if (freeStack[i] == slot.index) {
						freeStack[i] = freeStack[--freeTop];
						break;
					}
				}
			}
			slot.generation++;
			move(slot, PARKED);
			return true;
		}
	}

	/**
	 * Parks a RENDERING slot if {@code generation} is current: a renderer whose session did not
	 * close cleanly may still write it.
	 *
	 * @return whether it was parked
	 */
	boolean parkIf(Slot slot, long generation) {
		synchronized (lock) {
			if (!owns(slot, generation) || slot.state != RENDERING) {
				staleOperations++;
				return false;
			}
			slot.generation++;
			move(slot, PARKED);
			return true;
		}
	}

	private boolean owns(Slot slot, long generation) {
		return slot != null && slot.pool == this && slot.generation == generation;
	}

	private void move(Slot slot, int to) {
		counts[slot.state]--;
		counts[to]++;
		slot.state = to;
	}

	/** A slot lent to a preview comes back: it is freed if its generation is still current. */
	@Override
	public void giveBack(FrameBuffer frame, long generation) {
		release(slotOf(frame), generation);
	}

	/** Returns a slot of this pool, or {@code null} if {@code frame} is not one. */
	Slot slotOf(FrameBuffer frame) {
		return frame instanceof Slot s && s.pool == this ? s : null;
	}

	Slot slot(int index) {
		synchronized (lock) {
			return index < size ? slots[index] : null;
		}
	}

	/** The state name of a slot, for tests and messages. */
	String stateOf(Slot slot) {
		synchronized (lock) {
			return STATE_NAMES[slot.state];
		}
	}

	int size() {
		synchronized (lock) {
			return size;
		}
	}

	int count(int state) {
		synchronized (lock) {
			return counts[state];
		}
	}

	int freeCount() {
		return count(FREE);
	}

	/** Generation checks that failed: stale holders detected and ignored. */
	long staleOperations() {
		synchronized (lock) {
			return staleOperations;
		}
	}

	/** Slots reclaimed from renderers so far. */
	long reclaimed() {
		synchronized (lock) {
			return reclaimed;
		}
	}

	PoolStatus status() {
		synchronized (lock) {
			return new PoolStatus(size, counts[FREE], counts[RENDERING], counts[READY], counts[SCHEDULED],
					counts[PARKED]);
		}
	}

	/**
	 * Returns the memory of every slot that is not parked to the allocator, at the end of a
	 * device session, when the device holds none of it. Parked memory is never released.
	 *
	 * @return buffers released
	 */
	int releaseMemory(FrameAllocator allocator) {
		int n = 0;
		for (int i = 0; i < size(); i++) {
			Slot s = slot(i);
			boolean parked;
			synchronized (lock) {
				parked = s.state == PARKED;
			}
			if (!parked) {
				allocator.release(s.pixels);
				n++;
			}
		}
		return n;
	}
}
