package org.genlock.device.clock.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.DeviceException;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.frame.FrameAllocator;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open output of the clock device: DeckLink-style scheduled playback paced by
 * {@link System#nanoTime()} on a dedicated daemon thread.
 *
 * <p>Slot {@code i} is on air during {@code [t0 + nanosOf(i) - nanosOf(first), ...)} where
 * {@code t0} is the moment {@link #startScheduledPlayback} was called, computed exactly with
 * {@link FrameTime}. At each slot deadline the pacing thread airs the frame scheduled for that
 * index (sink, snapshot), then reports the frame that was on air in the previous slot; a
 * frame stays on air until a newer one replaces it, as on hardware. Frames whose slot passed
 * without airing are {@code DROPPED}; a frame that was scheduled after its slot had started
 * (so hardware would show it late) is {@code DISPLAYED_LATE}. The pacing thread's own wake-up
 * lateness (scheduler jitter, GC pauses of this JVM) is measured and reported in the stats
 * but not blamed on frames that were buffered in time: hardware would have shown them on
 * time. Stopping reports the frame on air, then every buffered
 * frame, as {@code FLUSHED} (display order), then {@code playbackStopped}.
 *
 * <p>Scheduled frames sit in a preallocated ring guarded by a monitor that is held only for a
 * few field updates and never while the listener is called. Display indices are strictly
 * increasing within a playback, so the ring is sorted by construction. The listener is read
 * once per slot; {@link #setListener} waits for a slot's callbacks in progress, tracked by an
 * odd/even sequence number, so the pacing thread itself takes no lock for callbacks.
 *
 * <p>Unlike the default in {@code VideoOutputDevice}, a clock device serves any number of
 * sessions at once, each with its own thread. {@link #close()} called from within a listener
 * callback cannot wait for itself: it returns at once and the remaining frames are reported
 * after the callback returns.
 */
public final class ClockSession implements OutputSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClockSession.class);

    /** How long the unpaced mode waits for the next index's frame before it counts an underflow. */
    static final long UNPACED_WAIT_NANOS = 1_000_000_000L;

    private static final int IDLE = 0;
    private static final int PLAYING = 1;
    private static final int STOPPING = 2;
    private static final int CLOSED = 3;

    private final String name;
    private final VideoFormat format;
    private final FrameTime frameTime;
    private final Supplier<ClockSettings> settings;
    private final boolean paced;
    private final long spinNanos;
    private final int capacity;
    private final FrameAllocator allocator;
    private final int audioChannels;
    private final Runnable onClosed;
    private final AtomicBoolean closedOnce = new AtomicBoolean();
    private final SessionCounters counters = new SessionCounters();
    private final AirOutput output;
    private final Thread thread;

    private final Object lock = new Object();
    // ring, guarded by lock (count and lastScheduled are also read without it)
    private final FrameBuffer[] ringFrames;
    private final long[] ringIndices;
    /** System.nanoTime() when each buffered frame was scheduled: late is judged against it. */
    private final long[] ringArrivals;
    /** Set by an injected stall: the next wake-up skips the slots that passed. Pacing thread. */
    private boolean faultStalled;
    private int head;
    private volatile int count;
    private volatile long lastScheduled = -1;
    private long firstIndex;
    private volatile int state = IDLE;
    private volatile boolean closeRequested;

    // device clock, for displayIndexNow()
    private volatile boolean clockRunning;
    private volatile long clockBase;
    private volatile long slotOnAir = -1;

    private volatile OutputListener listener;
    private volatile long callbackSeq;

    // pacing thread only
    private final FrameBuffer[] doomedFrames;
    private final long[] doomedIndices;
    private int doomedCount;
    private FrameBuffer onAir;
    private long onAirIndex;
    private CompletionResult onAirResult;
    private long candidates;
    private long airedSeq;
    private boolean listenerFailureLogged;

    private ClockSession(String name, int number, VideoFormat format, int audioChannels, OutputListener listener,
            Supplier<ClockSettings> settings, Runnable onClosed) {
        ClockSettings s = settings.get();
        this.name = name;
        this.format = format;
        this.audioChannels = audioChannels;
        this.frameTime = format.frameTime();
        this.settings = settings;
        this.listener = listener;
        this.onClosed = onClosed;
        this.paced = s.mode() == ClockSettings.Mode.PACED;
        this.spinNanos = s.spinMicros() * 1_000L;
        this.capacity = s.maxBufferedFrames();
        this.allocator = new DirectAllocator(format);
        this.ringFrames = new FrameBuffer[capacity];
        this.ringIndices = new long[capacity];
        this.ringArrivals = new long[capacity];
        this.doomedFrames = new FrameBuffer[capacity];
        this.doomedIndices = new long[capacity];
        this.output = new AirOutput(name, number, format, audioChannels);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * Opens a session and starts its pacing thread.
     *
     * @param number   the session number within its device, 1 for the first open session
     * @param format   the format
     * @param audioChannels the audio channels each frame carries (0, 2..16), written to the WAV file
     * @param listener the first listener
     * @param settings the device's current settings, read once per frame
     * @param onClosed run once when the session has closed (frees the session number)
     * @return the open, idle session
     */
    static ClockSession open(int number, VideoFormat format, int audioChannels, OutputListener listener,
            Supplier<ClockSettings> settings, Runnable onClosed) {
        Objects.requireNonNull(listener, "listener");
        String id = settings.get().id();
        String name = "genlock-" + id + "-" + number;
        ClockSession session = new ClockSession(name, number, format, audioChannels, listener, settings, onClosed);
        session.thread.start();
        LOG.info("{}: opened for {} ({} {}, {}), {} audio channels, up to {} buffered frames", name, format.name(),
                format.pixelFormat(), format.frameRate(), session.paced ? "paced" : "unpaced", audioChannels,
                session.capacity);
        return session;
    }

    /**
     * Returns a snapshot of this session's counters and wake-up lateness; built on the calling
     * thread, safe from any thread.
     *
     * @return the statistics so far
     */
    public ClockSessionStats stats() {
        return counters.snapshot(name);
    }

    /**
     * Returns the session's name, which is also its pacing thread's name.
     *
     * @return e.g. {@code genlock-clock-1}
     */
    public String name() {
        return name;
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public FrameAllocator allocator() {
        return allocator;
    }

    /** The audio channels this session carries: those it was opened with (0, 2..16). */
    @Override
    public int audioChannels() {
        return audioChannels;
    }

    @Override
    public boolean schedule(FrameBuffer frame, long displayIndex) {
        if (frame == null || displayIndex < 0 || !format.equals(frame.format())) {
            return false;
        }
        synchronized (lock) {
            int st = state;
            if (closeRequested || (st != IDLE && st != PLAYING) || count == capacity
                    || displayIndex <= lastScheduled) {
                return false;
            }
            int tail = (head + count) % capacity;
            ringFrames[tail] = frame;
            ringIndices[tail] = displayIndex;
            ringArrivals[tail] = System.nanoTime();
            lastScheduled = displayIndex;
            count = count + 1;
        }
        if (!paced) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    @Override
    public void startScheduledPlayback(long firstDisplayIndex) throws DeviceException {
        if (firstDisplayIndex < 0) {
            throw new DeviceException(name + ": cannot start playback at display index " + firstDisplayIndex
                    + "; display indices are >= 0");
        }
        synchronized (lock) {
            if (closeRequested || state == CLOSED) {
                throw new DeviceException(name + ": cannot start playback, the session is closed");
            }
            if (state != IDLE) {
                throw new DeviceException(name + ": cannot start playback at display index " + firstDisplayIndex
                        + ", playback is already " + (state == PLAYING ? "running" : "stopping"));
            }
            long t0 = System.nanoTime();
            firstIndex = firstDisplayIndex;
            clockBase = t0 - frameTime.nanosOf(firstDisplayIndex);
            slotOnAir = firstDisplayIndex;
            clockRunning = true;
            state = PLAYING;
        }
        LockSupport.unpark(thread);
    }

    @Override
    public int bufferedFrameCount() {
        return count;
    }

    @Override
    public long displayIndexNow() {
        if (!clockRunning) {
            return -1;
        }
        if (!paced) {
            return slotOnAir;
        }
        long base = clockBase;
        return frameTime.indexAt(System.nanoTime() - base);
    }

    @Override
    public boolean paced() {
        return paced;
    }

    @Override
    public void stopScheduledPlayback() {
        synchronized (lock) {
            if (state != PLAYING) {
                return;
            }
            state = STOPPING;
            clockRunning = false;
        }
        LockSupport.unpark(thread);
    }

    @Override
    public void setListener(OutputListener newListener) {
        Objects.requireNonNull(newListener, "listener");
        listener = newListener;
        if (Thread.currentThread() == thread) {
            return; // inside a callback: the next slot reads the new listener
        }
        long seq = callbackSeq;
        if ((seq & 1) == 0) {
            return; // no slot's callbacks in progress; the next one reads the new listener
        }
        while (callbackSeq == seq) {
            LockSupport.parkNanos(20_000);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closeRequested = true;
            if (state == PLAYING) {
                state = STOPPING;
            }
            clockRunning = false;
        }
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        finishClose();
    }

    private void finishClose() {
        if (closedOnce.compareAndSet(false, true)) {
            LOG.info("Session closed: {}", stats().summary());
            onClosed.run();
        }
    }

    // ---------------------------------------------------------------- pacing thread

    private void run() {
        try {
            while (awaitStartOrClose()) {
                play();
            }
            flushAll(CompletionResult.FLUSHED, false);
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            state = CLOSED;
            output.close();
            finishClose(); // also when close() was called from a callback and could not wait
        }
    }

    /** Parks until playback starts ({@code true}) or the session closes ({@code false}). */
    private boolean awaitStartOrClose() {
        while (true) {
            if (state == PLAYING || state == STOPPING) {
                return true;
            }
            if (closeRequested) {
                return false;
            }
            LockSupport.park(this);
        }
    }

    private void play() {
        long next = firstIndex;
        long base = clockBase;
        while (true) {
            if (state != PLAYING) {
                stopPlayback();
                return;
            }
            ClockSettings s = settings.get();
            output.configure(s);
            long slot;
            long slotStart = Long.MAX_VALUE; // unpaced: a frame is never late
            if (paced) {
                long deadline = base + frameTime.nanosOf(next);
                if (!sleepUntil(deadline)) {
                    continue;
                }
                long now = System.nanoTime();
                // Hardware keeps its own clock: frames buffered in time air in their slots even
                // when this thread wakes late (GC pause, scheduler). So a late wake-up processes
                // every passed slot in order, at once; the completions arrive late, as from a
                // device whose callbacks were delayed, and the lateness is in the stats.
                // An injected stall is the exception: it stands for a device that really lost
                // its output for a while, so the slots that passed are missed (frames DROPPED).
                long current = frameTime.indexAt(now - base);
                slot = faultStalled ? Math.max(next, current) : next;
                faultStalled = false;
                slotStart = base + frameTime.nanosOf(slot);
                counters.wakeup(now - deadline, current > next ? Math.max(1, slot - next) : 0);
            } else {
                slot = next;
                if (!awaitFrameFor(slot)) {
                    continue;
                }
            }
            boolean aired = airSlot(slot, slotStart, s);
            next = slot + 1;
            if (aired && s.stallMs() > 0 && s.stallEvery() > 0 && airedSeq % s.stallEvery() == 0) {
                sleepUntil(System.nanoTime() + s.stallMs() * 1_000_000L);
                faultStalled = true;
            }
        }
    }

    /** Parks, then spins, until the deadline; {@code false} if playback is stopping. */
    private boolean sleepUntil(long deadline) {
        while (true) {
            if (state != PLAYING) {
                return false;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return true;
            }
            if (remaining > spinNanos) {
                LockSupport.parkNanos(this, remaining - spinNanos);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Unpaced: waits until a frame for {@code slot} or later has been scheduled, or one second
     * passed; {@code false} if playback is stopping.
     */
    private boolean awaitFrameFor(long slot) {
        long start = System.nanoTime();
        while (true) {
            if (state != PLAYING) {
                return false;
            }
            if (lastScheduled >= slot) {
                return true;
            }
            dropPassed(slot); // a frame scheduled too late is reported now, not after the wait
            long remaining = UNPACED_WAIT_NANOS - (System.nanoTime() - start);
            if (remaining <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, remaining);
        }
    }

    /**
     * Processes one slot: drops frames whose slot has passed, airs the frame for this slot (or
     * keeps the previous picture), then reports, in display order, the frame it replaced, the
     * dropped frames and a fault-dropped frame.
     *
     * @return whether a frame aired
     */
    private boolean airSlot(long slot, long slotStart, ClockSettings s) {
        FrameBuffer frame = null;
        boolean late = false;
        synchronized (lock) {
            collectPassed(slot);
            if (count > 0 && ringIndices[head] == slot) {
                frame = ringFrames[head];
                late = ringArrivals[head] > slotStart;
                pop();
            }
            slotOnAir = slot;
        }
        boolean faultDrop = false;
        if (frame != null) {
            candidates++;
            faultDrop = s.dropEvery() > 0 && candidates % s.dropEvery() == 0;
        }
        FrameBuffer replaced = null;
        long replacedIndex = 0;
        CompletionResult replacedResult = null;
        if (frame != null && !faultDrop) {
            output.air(frame, slot, System.nanoTime());
            airedSeq++;
            CompletionResult r = late || (s.lateEvery() > 0 && airedSeq % s.lateEvery() == 0)
                    ? CompletionResult.DISPLAYED_LATE
                    : CompletionResult.COMPLETED;
            replaced = onAir;
            replacedIndex = onAirIndex;
            replacedResult = onAirResult;
            onAir = frame;
            onAirIndex = slot;
            onAirResult = r;
            counters.aired();
        } else if (frame == null) {
            counters.underflow();
        }
        if (replaced == null && doomedCount == 0 && !faultDrop) {
            return frame != null;
        }
        OutputListener l = beginCallbacks();
        try {
            if (replaced != null) {
                complete(l, replaced, replacedIndex, replacedResult);
            }
            completeDoomed(l, CompletionResult.DROPPED);
            if (faultDrop) {
                complete(l, frame, slot, CompletionResult.DROPPED);
            }
        } finally {
            endCallbacks();
        }
        return frame != null && !faultDrop;
    }

    /** Reports the frame on air and every buffered frame as FLUSHED, then playbackStopped. */
    private void stopPlayback() {
        output.flush(); // so whoever reacts to playbackStopped finds the sink file complete
        flushAll(CompletionResult.FLUSHED, true);
    }

    /**
     * Reports the frame on air and all buffered frames with {@code result}, ends the playback
     * and, if {@code stopped}, calls playbackStopped. One callback batch.
     */
    private void flushAll(CompletionResult result, boolean stopped) {
        synchronized (lock) {
            while (count > 0) {
                doomedFrames[doomedCount] = ringFrames[head];
                doomedIndices[doomedCount++] = ringIndices[head];
                pop();
            }
        }
        if (onAir == null && doomedCount == 0 && !stopped) {
            endPlayback();
            return;
        }
        OutputListener l = beginCallbacks();
        try {
            if (onAir != null) {
                FrameBuffer f = onAir;
                onAir = null;
                complete(l, f, onAirIndex, result);
            }
            completeDoomed(l, result);
            endPlayback();
            if (stopped) {
                try {
                    l.playbackStopped();
                } catch (RuntimeException e) {
                    listenerFailed(e);
                }
            }
        } finally {
            endCallbacks();
        }
    }

    /** Back to idle: a new playback may preroll from any index. */
    private void endPlayback() {
        synchronized (lock) {
            lastScheduled = -1;
            slotOnAir = -1;
            clockRunning = false;
            if (state != CLOSED) {
                state = IDLE;
            }
        }
    }

    /** A bug or a listener Error ended the pacing thread: tell the backend and give everything back. */
    private void fail(Throwable e) {
        LOG.error("{}: the pacing thread failed; the session reports deviceFailed and flushes its frames", name, e);
        synchronized (lock) {
            closeRequested = true; // refuse further frames
            state = STOPPING;
        }
        try {
            OutputListener l = listener;
            l.deviceFailed(name + ": the clock device's pacing thread failed: " + e);
        } catch (RuntimeException | Error again) {
            LOG.error("{}: the listener's deviceFailed threw", name, again);
        }
        try {
            flushAll(CompletionResult.FLUSHED, false);
        } catch (RuntimeException | Error again) {
            LOG.error("{}: frames could not all be reported after the failure", name, again);
        }
    }

    /** Moves buffered frames whose slot is before {@code slot} to the doomed list (lock held). */
    private void collectPassed(long slot) {
        while (count > 0 && ringIndices[head] < slot) {
            doomedFrames[doomedCount] = ringFrames[head];
            doomedIndices[doomedCount++] = ringIndices[head];
            pop();
        }
    }

    /** Reports buffered frames whose slot is before {@code slot} as DROPPED. */
    private void dropPassed(long slot) {
        synchronized (lock) {
            collectPassed(slot);
        }
        if (doomedCount == 0) {
            return;
        }
        OutputListener l = beginCallbacks();
        try {
            completeDoomed(l, CompletionResult.DROPPED);
        } finally {
            endCallbacks();
        }
    }

    private void pop() {
        ringFrames[head] = null;
        head = (head + 1) % capacity;
        count = count - 1;
    }

    private OutputListener beginCallbacks() {
        callbackSeq = callbackSeq + 1;
        return listener;
    }

    private void endCallbacks() {
        callbackSeq = callbackSeq + 1;
    }

    private void completeDoomed(OutputListener l, CompletionResult result) {
        for (int i = 0; i < doomedCount; i++) {
            FrameBuffer f = doomedFrames[i];
            doomedFrames[i] = null;
            complete(l, f, doomedIndices[i], result);
        }
        doomedCount = 0;
    }

    private void complete(OutputListener l, FrameBuffer frame, long displayIndex, CompletionResult result) {
        counters.completion(result);
        try {
            l.frameCompleted(frame, displayIndex, result, System.nanoTime());
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void listenerFailed(RuntimeException e) {
        if (!listenerFailureLogged) {
            listenerFailureLogged = true;
            LOG.error("{}: the output listener threw; playout continues and further listener exceptions "
                    + "of this session are not logged", name, e);
        }
    }
}
