package org.genlock.device.decklink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.KeyerMode;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.frame.FrameAllocator;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.Rational;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.Timecode;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Callback;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One enabled DeckLink output in one display mode: the driver's scheduled playback behind
 * Genlock's {@link OutputSession}.
 *
 * <p>Frame memory is the driver's own: the allocator creates {@code IDeckLinkMutableVideoFrame}s
 * with {@code CreateVideoFrame} and lends their pixel memory to the backend's pool, so the
 * renderer writes into the frame the card plays and nothing is copied per frame. Scheduling
 * stamps the frame's RP188 (VITC in SD) timecode from its display index and hands it to
 * {@code ScheduleVideoFrame} at {@code index * frameDuration} in the mode's time scale.
 *
 * <p>With embedded audio ({@link EmbeddedAudio}) each frame's samples follow its video with
 * {@code ScheduleAudioSamples} at the frame's first sample in 48 kHz units, so sound and
 * picture are pinned to the same display index; the driver copies them during the call.
 *
 * <p>The driver's completion callback arrives on the driver's thread, which stays attached to
 * the JVM; it finds the frame by address in a small array, returns it to the backend's listener
 * and does nothing else (no lock, no I/O).
 */
final class DeckLinkSession implements OutputSession {

	private static final Logger LOG = LoggerFactory.getLogger(DeckLinkSession.class);
	private static final CompletionResult[] RESULTS = CompletionResult.values();
	private static final long STOP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

	interface FrameCompleted extends Callback {
		int invoke(Pointer self, Pointer frame, int result);
	}

	interface PlaybackStopped extends Callback {
		int invoke(Pointer self);
	}

	private final String name;
	private final DeckLinkOutput device;
	private final Pointer output;
	private final VideoFormat format;
	private final int pixelFormat;
	private final long timescale;
	private final long duration;
	private final Rational rate;
	private final boolean dropFrame;
	private final int nominal;
	private final int timecodeFormat;
	private final Function scheduleFn;
	private final Function streamTimeFn;
	private final ThreadLocal<Memory> streamTimeOut = ThreadLocal.withInitial(() -> new Memory(16));
	private final CallbackObject callback;
	private final Allocator allocator = new Allocator();
	private final Runnable onClosed;
	/** Set by {@link #open} before the session is handed out; null without audio. */
	private EmbeddedAudio audio;

	private final Object framesLock = new Object();
	private volatile NativeFrame[] frames = new NativeFrame[0];

	private final AtomicInteger buffered = new AtomicInteger();
	private final Object control = new Object();
	private volatile OutputListener listener;
	private volatile long callbackSeq;
	/** The driver's callback thread, so a close from inside a callback does not wait for itself. */
	private volatile Thread callbackThread;
	private volatile boolean playing;
	private volatile boolean stopping;
	private volatile boolean gone;
	private volatile boolean closed;
	private final java.util.concurrent.CountDownLatch closeDone = new java.util.concurrent.CountDownLatch(1);
	private volatile boolean silenced;
	private boolean lostStopReported;
	private long lastScheduled = -1;
	private boolean listenerFailureLogged;

	private DeckLinkSession(String name, DeckLinkOutput device, VideoFormat format, int pixelFormat, OutputListener listener,
			Runnable onClosed) {
		this.name = name;
		this.device = device;
		this.output = device.output();
		this.format = format;
		this.pixelFormat = pixelFormat;
		this.timescale = format.timescale();
		this.duration = format.frameDuration();
		this.rate = format.frameRate();
		this.dropFrame = Timecode.isDropFrameRate(rate);
		this.nominal = Timecode.nominalRate(rate);
		this.timecodeFormat = format.height() < 720 ? Sdk.TIMECODE_VITC : Sdk.TIMECODE_RP188_VITC1;
		this.listener = listener;
		this.onClosed = onClosed;
		this.scheduleFn = Com.method(output, Sdk.OUT_SCHEDULE_VIDEO_FRAME);
		this.streamTimeFn = Com.method(output, Sdk.OUT_GET_SCHEDULED_STREAM_TIME);
		this.callback = new CallbackObject(Sdk.IID_VIDEO_OUTPUT_CALLBACK, List.of(
				(FrameCompleted) this::frameCompleted,
				(PlaybackStopped) self -> playbackStopped()), "genlock-decklink-" + device.info().id());
	}

	/**
	 * Enables the output in the mode, installs the completion callback and enables embedded audio
	 * of {@code audioChannels} (0: none). A driver that refuses the audio leaves the session
	 * without it ({@link #audioChannels()} 0): the picture never depends on the sound.
	 */
	static DeckLinkSession open(DeckLinkOutput device, VideoFormat format, int mode, int pixelFormat, int audioChannels,
			OutputListener listener, Runnable onClosed) throws DeviceException {
		String name = "genlock-" + device.info().id();
		DeckLinkSession s = new DeckLinkSession(name, device, format, pixelFormat, listener, onClosed);
		Pointer out = device.output();
		int flags = Sdk.OUTPUT_RP188 | (format.height() < 720 ? Sdk.OUTPUT_VITC : 0);
		int hr = Com.call(out, Sdk.OUT_ENABLE_VIDEO_OUTPUT, mode, flags);
		if (hr != Sdk.S_OK) {
			throw new DeviceException(name + ": the driver refused to enable output in " + format.name() + " (mode "
					+ Sdk.fourccText(mode) + "): " + Com.hresult(hr) + "; is another program using this output?");
		}
		hr = Com.call(out, Sdk.OUT_SET_COMPLETION_CALLBACK, s.callback.pointer());
		if (hr != Sdk.S_OK) {
			Com.call(out, Sdk.OUT_DISABLE_VIDEO_OUTPUT);
			throw new DeviceException(name + ": the driver refused the completion callback: " + Com.hresult(hr));
		}
		device.disableKeyer(); // until the channel sets it
		if (audioChannels > 0) {
			s.audio = EmbeddedAudio.enable(name, audioChannels, out, new FrameTime(format.frameRate()));
		}
		EmbeddedAudio a = s.audio;
		LOG.info("{}: opened for {} ({}), {}, reference {}", name, format.name(), format.pixelFormat(),
				a == null ? "no audio" : a.carried() == a.layout() ? "audio " + a.carried() + " channels"
						: "audio " + a.carried() + " channels in the card's " + a.layout() + "-channel layout (channels "
								+ (a.carried() + 1) + "-" + a.layout() + " silent)",
				device.referenceText());
		return s;
	}

	@Override
	public VideoFormat format() {
		return format;
	}

	@Override
	public FrameAllocator allocator() {
		return allocator;
	}

	@Override
	public boolean schedule(FrameBuffer frame, long displayIndex) {
		if (frame == null || displayIndex < 0 || closed || gone || stopping || displayIndex <= lastScheduled) {
			return false;
		}
		NativeFrame nf = find(frame.pixels());
		if (nf == null || nf.scheduled != null) {
			return false;
		}
		long label = Timecode.labelOf(displayIndex, rate, dropFrame);
		int ff = (int) (label % nominal);
		long secs = label / nominal;
		nf.setTimecode.invokeInt(new Object[] { nf.frame, timecodeFormat, (byte) (secs / 3600), (byte) (secs / 60 % 60),
				(byte) (secs % 60), (byte) ff, dropFrame ? Sdk.TIMECODE_IS_DROP_FRAME : 0 });
		nf.displayIndex = displayIndex;
		nf.scheduled = frame;
		buffered.incrementAndGet();
		int hr = scheduleFn.invokeInt(new Object[] { output, nf.frame, displayIndex * duration, duration, timescale });
		if (hr != Sdk.S_OK) {
			nf.scheduled = null;
			buffered.decrementAndGet();
			return false;
		}
		lastScheduled = displayIndex;
		EmbeddedAudio a = audio;
		if (a != null) {
			a.schedule(nf, frame.audio(), displayIndex);
		}
		return true;
	}

	private NativeFrame find(ByteBuffer pixels) {
		for (NativeFrame nf : frames) {
			if (nf.pixels == pixels) {
				return nf;
			}
		}
		return null;
	}

	@Override
	public void startScheduledPlayback(long firstDisplayIndex) throws DeviceException {
		if (firstDisplayIndex < 0) {
			throw new DeviceException(name + ": cannot start playback at display index " + firstDisplayIndex
					+ "; display indices are >= 0");
		}
		synchronized (control) {
			if (closed || gone) {
				throw new DeviceException(name + ": cannot start playback, the session is " + (gone ? "lost (device removed)" : "closed"));
			}
			if (playing) {
				throw new DeviceException(name + ": cannot start playback at display index " + firstDisplayIndex
						+ ", playback is already running");
			}
			int hr = Com.call(output, Sdk.OUT_START_SCHEDULED_PLAYBACK, firstDisplayIndex * duration, timescale, 1.0d);
			if (hr != Sdk.S_OK) {
				throw new DeviceException(name + ": the driver refused to start scheduled playback: " + Com.hresult(hr));
			}
			playing = true;
		}
	}

	@Override
	public int audioChannels() {
		EmbeddedAudio a = audio;
		return a == null ? 0 : a.carried();
	}

	/** The card's audio layout (2, 8 or 16 channels), 0 without audio. */
	int audioLayout() {
		EmbeddedAudio a = audio;
		return a == null ? 0 : a.layout();
	}

	/** The session's embedded audio and its counters, or null. */
	EmbeddedAudio audio() {
		return audio;
	}

	@Override
	public int bufferedFrameCount() {
		return buffered.get();
	}

	@Override
	public long displayIndexNow() {
		if (!playing || gone) {
			return -1;
		}
		Memory out = streamTimeOut.get();
		int hr = streamTimeFn.invokeInt(new Object[] { output, timescale, out, out.share(8) });
		if (hr != Sdk.S_OK) {
			return -1;
		}
		return Math.floorDiv(out.getLong(0), duration);
	}

	@Override
	public void setKeyer(KeyerMode mode, int level) throws DeviceException {
		if (mode == null) {
			throw new DeviceException(name + ": keyer mode is null; expected off, internal or external");
		}
		if (closed || gone) {
			throw new DeviceException(name + ": cannot set the keyer, the session is " + (gone ? "lost" : "closed"));
		}
		device.applyKeyer(mode, level, format);
		LOG.info("{}: keyer {}{}", name, mode.name().toLowerCase(java.util.Locale.ROOT),
				mode == KeyerMode.OFF ? "" : " level " + level);
	}

	@Override
	public ReferenceStatus reference() {
		return gone || closed ? ReferenceStatus.NOT_SUPPORTED : device.reference();
	}

	@Override
	public void stopScheduledPlayback() {
		boolean lost;
		synchronized (control) {
			if (closed || (!gone && !playing)) {
				return;
			}
			lost = gone;
			stopping = !gone;
		}
		if (lost) {
			// the card is gone and will never call back: give the frames back and end the playback
			// now rather than leave the backend waiting for a playbackStopped that cannot come
			if (flushHeld() > 0 || !lostStopReported) {
				lostStopReported = true;
				if (!silenced) {
					listener.playbackStopped();
				}
			}
			return;
		}
		int hr = Com.call(output, Sdk.OUT_STOP_SCHEDULED_PLAYBACK, 0L, Pointer.NULL, timescale);
		if (hr != Sdk.S_OK) {
			// a card being removed refuses and never calls back: give the frames back ourselves (a
			// late callback for one of them finds it no longer scheduled and is ignored)
			LOG.warn("{}: the driver refused to stop scheduled playback ({}); the frames it held are reported FLUSHED",
					name, Com.hresult(hr));
			flushHeld();
			synchronized (control) {
				playing = false;
				stopping = false;
				lastScheduled = -1;
				control.notifyAll();
			}
			if (!silenced) {
				listener.playbackStopped();
			}
		}
	}

	/** Reports every frame still marked scheduled as FLUSHED; returns how many. */
	private int flushHeld() {
		int flushed = 0;
		for (NativeFrame nf : frames) {
			FrameBuffer fb = NativeFrame.SCHEDULED.getAndSet(nf, null);
			if (fb != null) {
				buffered.decrementAndGet();
				report(fb, nf.displayIndex, CompletionResult.FLUSHED);
				flushed++;
			}
		}
		return flushed;
	}

	@Override
	public void setListener(OutputListener newListener) {
		Objects.requireNonNull(newListener, "listener");
		listener = newListener;
		long seq = callbackSeq;
		if ((seq & 1) == 0 || Thread.currentThread() == callbackThread) {
			return;
		}
		while (callbackSeq == seq) {
			LockSupport.parkNanos(20_000);
		}
	}

	// ------------------------------------------------------------ driver callbacks

	private int frameCompleted(Pointer self, Pointer frame, int result) {
		callbackThread = Thread.currentThread();
		callbackSeq++;
		try {
			long address = Pointer.nativeValue(frame);
			for (NativeFrame nf : frames) {
				if (nf.address == address) {
					FrameBuffer fb = NativeFrame.SCHEDULED.getAndSet(nf, null);
					if (fb != null) {
						buffered.decrementAndGet();
						report(fb, nf.displayIndex, result >= 0 && result < RESULTS.length ? RESULTS[result]
								: CompletionResult.DROPPED);
					}
					break;
				}
			}
		} finally {
			callbackSeq++;
		}
		return Sdk.S_OK;
	}

	private void report(FrameBuffer fb, long index, CompletionResult r) {
		if (silenced) {
			return;
		}
		try {
			listener.frameCompleted(fb, index, r, System.nanoTime());
		} catch (RuntimeException e) {
			if (!listenerFailureLogged) {
				listenerFailureLogged = true;
				LOG.error("{}: the output listener threw; playout continues and further listener exceptions are not logged",
						name, e);
			}
		}
	}

	private int playbackStopped() {
		callbackThread = Thread.currentThread();
		callbackSeq++;
		try {
			synchronized (control) {
				playing = false;
				stopping = false;
				lastScheduled = -1;
				control.notifyAll();
			}
			if (!silenced) {
				listener.playbackStopped();
			}
		} catch (RuntimeException e) {
			LOG.error("{}: the output listener's playbackStopped threw", name, e);
		} finally {
			callbackSeq++;
		}
		return Sdk.S_OK;
	}

	/** The card went away: nothing more comes from the driver for this output. */
	void deviceLost(String reason) {
		synchronized (control) {
			if (gone || closed) {
				return;
			}
			gone = true;
			playing = false;
			control.notifyAll();
		}
		LOG.warn("{}: {}", name, reason);
		try {
			listener.deviceFailed(name + ": " + reason);
		} catch (RuntimeException e) {
			LOG.error("{}: the output listener's deviceFailed threw", name, e);
		}
	}

	@Override
	public void close() {
		synchronized (control) {
			if (closed) {
				awaitClosed();
				return;
			}
			closed = true;
		}
		try {
			closeNow();
		} finally {
			closeDone.countDown();
		}
	}

	/** A second closer (the bundle stopping while the backend closes) returns when the first has finished. */
	private void awaitClosed() {
		if (Thread.currentThread() == callbackThread) {
			return; // a callback cannot wait for the close that waits for it
		}
		try {
			closeDone.await(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private void closeNow() {
		boolean inCallback = Thread.currentThread() == callbackThread;
		if (!gone) {
			boolean wasPlaying;
			synchronized (control) {
				wasPlaying = playing;
				stopping = wasPlaying;
			}
			if (wasPlaying) {
				int hr = Com.call(output, Sdk.OUT_STOP_SCHEDULED_PLAYBACK, 0L, Pointer.NULL, timescale);
				// the driver flushes on its own thread: not from inside its callback (we would wait for
				// ourselves), and not when it refused (a card being removed never calls back)
				long deadline = inCallback || hr != Sdk.S_OK ? System.nanoTime() : System.nanoTime() + STOP_WAIT_NANOS;
				synchronized (control) {
					while (playing && !gone && System.nanoTime() < deadline) {
						try {
							control.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
							break;
						}
					}
				}
			}
			Com.call(output, Sdk.OUT_SET_COMPLETION_CALLBACK, Pointer.NULL);
			device.disableKeyer();
			if (audio != null) {
				audio.disable();
			}
			Com.call(output, Sdk.OUT_DISABLE_VIDEO_OUTPUT);
		}
		while (!inCallback && (callbackSeq & 1) != 0) {
			LockSupport.parkNanos(20_000); // a callback in progress on the driver's thread
		}
		// the driver gave back what it still held without reporting it (output disabled, card gone)
		int flushed = flushHeld();
		silenced = true;
		playing = false;
		LOG.info("{}: closed{}{}", name, audio == null ? "" : "; " + audio.summary(),
				flushed > 0 ? "; " + flushed + " frame(s) the driver still held reported FLUSHED" : "");
		onClosed.run();
	}

	/** Native frames not yet released (created by this session's allocator). */
	int liveFrames() {
		return frames.length;
	}

	/** Releases every native frame still alive: only when nothing can touch their memory any more. */
	void releaseAllFrames() {
		NativeFrame[] all;
		synchronized (framesLock) {
			all = frames;
			frames = new NativeFrame[0];
		}
		for (NativeFrame nf : all) {
			Com.release(nf.frame);
		}
	}

	private final class Allocator implements FrameAllocator {

		@Override
		public ByteBuffer allocate(VideoFormat f, int rowBytes) {
			if (!format.equals(f)) {
				throw new IllegalArgumentException(name + " outputs " + format.name() + " " + format.pixelFormat()
						+ " and cannot allocate frames for " + f.name() + " " + f.pixelFormat());
			}
			if (rowBytes < f.rowBytes()) {
				throw new IllegalArgumentException(name + ": rowBytes " + rowBytes + " is below the " + f.rowBytes()
						+ " bytes a row of " + f.name() + " " + f.pixelFormat() + " needs");
			}
			if (gone) {
				throw new IllegalArgumentException(name + ": the card was removed; no frames can be created");
			}
			Pointer frame = Com.outPointer(output, Sdk.OUT_CREATE_VIDEO_FRAME, f.width(), f.height(), rowBytes,
					pixelFormat, 0);
			if (frame == null) {
				throw new IllegalArgumentException(name + ": the driver could not create a " + f.width() + "x" + f.height()
						+ " " + f.pixelFormat() + " frame with " + rowBytes + " bytes per row");
			}
			Pointer bytes = Com.outPointer(frame, Sdk.FRAME_GET_BYTES);
			if (bytes == null) {
				Com.release(frame);
				throw new IllegalArgumentException(name + ": the driver's frame has no pixel memory");
			}
			ByteBuffer pixels = bytes.getByteBuffer(0, (long) rowBytes * f.height()).order(ByteOrder.LITTLE_ENDIAN);
			NativeFrame nf = new NativeFrame(frame, pixels, Com.method(frame, Sdk.FRAME_SET_TIMECODE_FROM_COMPONENTS));
			synchronized (framesLock) {
				NativeFrame[] next = Arrays.copyOf(frames, frames.length + 1);
				next[next.length - 1] = nf;
				frames = next;
			}
			return pixels;
		}

		@Override
		public void release(ByteBuffer buffer) {
			NativeFrame found = null;
			synchronized (framesLock) {
				NativeFrame[] current = frames;
				for (int i = 0; i < current.length; i++) {
					if (current[i].pixels == buffer) {
						found = current[i];
						NativeFrame[] next = new NativeFrame[current.length - 1];
						System.arraycopy(current, 0, next, 0, i);
						System.arraycopy(current, i + 1, next, i, current.length - i - 1);
						frames = next;
						break;
					}
				}
			}
			if (found != null) {
				Com.release(found.frame); // the backend only releases memory the driver no longer holds
			}
		}
	}
}
