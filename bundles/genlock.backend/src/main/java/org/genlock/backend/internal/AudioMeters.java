package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.backend.AudioStatus;
import org.genlock.api.frame.AudioBuffer;
import org.genlock.support.LoudnessLayout;
import org.genlock.support.LoudnessMeter;
import org.genlock.support.LoudnessSnapshot;

/**
 * A run's audio meters (BS.1770-4 / EBU R128 loudness, sample and true peak) on their own
 * thread ({@code genlock-<channel>-meter}), so the completion worker only copies: it hands
 * each aired frame's audio over with one bulk copy into a preallocated ring and goes on; the
 * meter thread filters it. A full ring (the meter thread starved of CPU) skips frames and
 * counts them rather than holding the worker up. Nothing allocates per frame.
 */
final class AudioMeters {

	private static final int RING = 16;
	private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final int channels;
	private final ByteBuffer[] ring = new ByteBuffer[RING];
	private final int[] counts = new int[RING];
	private final LoudnessMeter meter;
	private final Thread thread;
	private volatile long head; // next entry the meter thread reads
	private volatile long tail; // next entry the worker writes
	private volatile boolean running = true;
	private volatile long skipped;

	AudioMeters(String channelId, int channels, int maxSamples) {
		this.channels = channels;
		for (int i = 0; i < RING; i++) {
			ring[i] = ByteBuffer.allocateDirect(channels * maxSamples * AudioBuffer.BYTES_PER_SAMPLE)
					.order(ByteOrder.LITTLE_ENDIAN);
		}
		this.meter = new LoudnessMeter(LoudnessLayout.standard(channels));
		this.thread = new Thread(this::loop, "genlock-" + channelId + "-meter");
		thread.setDaemon(true);
		thread.setPriority(Thread.NORM_PRIORITY - 1); // below the per-frame threads
		thread.start();
	}

	/** Worker: copies an aired frame's audio in, or counts it skipped when the ring is full. */
	void offer(AudioBuffer audio) {
		if (audio.channels() != channels) {
			return;
		}
		long t = tail;
		if (t - head >= RING) {
			skipped++;
			return;
		}
		int i = (int) (t % RING);
		ring[i].put(0, audio.samples(), 0, audio.byteCount());
		counts[i] = audio.sampleCount();
		tail = t + 1; // publishes the copy
		if (t == head) {
			LockSupport.unpark(thread);
		}
	}

	private void loop() {
		while (running) {
			long h = head;
			if (h == tail) {
				LockSupport.parkNanos(PARK_NANOS);
				continue;
			}
			int i = (int) (h % RING);
			meter.feed(ring[i], counts[i]);
			head = h + 1;
		}
	}

	void close() {
		running = false;
		LockSupport.unpark(thread);
	}

	/** Control or HTTP thread: the current readings (allocates). */
	AudioStatus status(long kernelErrors, long clippedSamples) {
		LoudnessSnapshot s = meter.snapshot();
		LoudnessLayout layout = s.layout();
		List<AudioStatus.Level> levels = new ArrayList<>(channels);
		for (int c = 0; c < channels; c++) {
			levels.add(new AudioStatus.Level(c + 1, s.samplePeakDbfs(c), s.truePeakDbfs(c)));
		}
		List<AudioStatus.Loudness> loudness = new ArrayList<>(layout.groups());
		for (int g = 0; g < layout.groups(); g++) {
			loudness.add(new AudioStatus.Loudness(layout.groupName(g), s.momentaryLufs(g), s.shortTermLufs(g),
					s.integratedLufs(g)));
		}
		return new AudioStatus(channels, levels, loudness, head, kernelErrors, clippedSamples);
	}

	long skipped() {
		return skipped;
	}
}
