package org.genlock.output.ffmpeg.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.frame.AudioBuffer;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;

/**
 * The audio half of a session's feed into ffmpeg: each frame's samples are copied into a ring
 * of the session's own direct buffers (allocated once) and written into the process's audio
 * pipe by a writer thread of its own, so the video pipe and the audio pipe block independently
 * and ffmpeg, which reads the two on threads of its own, can always get what it waits for.
 *
 * <p>Alignment: every frame given to the session puts exactly its own samples here (silence of
 * its length if it carries none), in the same order and only when its pixels go to the video
 * pipe, and both pipes start with the process's first frame: the audio stream is the frames'
 * audio back to back, however the session started in a cadence (1601/1602 at 29.97).
 *
 * <p>Each entry names the input it is for: entries of a process that ended go nowhere, so a
 * restarted process starts with its own first frame's audio.
 *
 * <p>Threads: {@link #put} on the session's frame thread; the writer; {@link #writeStartedNanos}
 * read by the session's watchdog.
 */
final class AudioFeed {

	/**
	 * Frames of audio the ring holds: it only evens out the two writers (ffmpeg's own queue for the
	 * audio input holds the audio that waits while the video encoder's delay holds the picture).
	 */
	static final int DEPTH = 16;
	private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
	private static final long FULL_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final int channels;
	private final FrameTime time;
	private final ByteBuffer[] slots = new ByteBuffer[DEPTH];
	private final int[] lengths = new int[DEPTH];
	private final FifoInput[] targets = new FifoInput[DEPTH];
	private final Thread writer;
	private volatile long head;
	private volatile long tail;
	private volatile boolean running = true;
	/** When the writer's current write began, 0 when it is not writing: for the watchdog. */
	volatile long writeStartedNanos;

	AudioFeed(int channels, VideoFormat format, String name) {
		this.channels = channels;
		this.time = format.frameTime();
		int bytes = channels * time.maxAudioSamples(AudioBuffer.SAMPLE_RATE) * AudioBuffer.BYTES_PER_SAMPLE;
		for (int i = 0; i < DEPTH; i++) {
			slots[i] = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
		}
		this.writer = new Thread(this::drain, name);
		writer.setDaemon(true);
		writer.start();
	}

	/**
	 * Copies the frame's audio for {@code target}: its samples when it carries this feed's
	 * channels, else silence of the frame's length. Waits while the ring is full (the writer is
	 * blocked on the pipe; the watchdog ends a process that stays stuck). No allocation.
	 *
	 * @throws IOException when {@code target} was closed meanwhile (the process ended)
	 */
	void put(AudioBuffer audio, long displayIndex, FifoInput target) throws IOException {
		long t = tail;
		while (t - head >= DEPTH) {
			if (target.closed() || !running) {
				throw new IOException("the audio input is closed");
			}
			LockSupport.parkNanos(FULL_PARK_NANOS);
		}
		int at = (int) (t % DEPTH);
		ByteBuffer slot = slots[at];
		int n;
		if (audio.channels() == channels) {
			n = audio.byteCount();
			slot.put(0, audio.samples(), 0, n); // absolute: the frame's buffer is not moved
		} else {
			n = time.audioSamples(displayIndex, AudioBuffer.SAMPLE_RATE) * channels * AudioBuffer.BYTES_PER_SAMPLE;
			for (int i = 0; i < n; i += 4) {
				slot.putInt(i, 0);
			}
		}
		lengths[at] = n;
		targets[at] = target;
		tail = t + 1;
		LockSupport.unpark(writer);
	}

	/**
	 * Waits (bounded) until every entry for {@code target} was written or dropped, so that a
	 * session that ends closes its audio pipe after its last frame's samples.
	 */
	void flush(FifoInput target, long millis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (head != tail && !target.closed() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(FULL_PARK_NANOS);
		}
	}

	private void drain() {
		while (running) {
			long h = head;
			if (h == tail) {
				LockSupport.parkNanos(IDLE_PARK_NANOS);
				continue;
			}
			int at = (int) (h % DEPTH);
			FifoInput in = targets[at];
			if (!in.closed()) {
				writeStartedNanos = System.nanoTime();
				try {
					in.write(slots[at], 0, lengths[at]);
				} catch (IOException e) {
					// the process ended (its inputs were closed): its remaining audio goes nowhere
				} finally {
					writeStartedNanos = 0;
				}
			}
			targets[at] = null;
			head = h + 1;
		}
	}

	/** Ends the writer (the inputs are closed first, which wakes a blocked write). */
	void close() {
		running = false;
		LockSupport.unpark(writer);
		try {
			writer.join(2000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
