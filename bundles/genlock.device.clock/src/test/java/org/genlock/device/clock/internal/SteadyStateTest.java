package org.genlock.device.clock.internal;

import static org.genlock.device.clock.internal.Fixture.FPS200;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.OutputListener;
import org.genlock.api.frame.FrameBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend-like loops with a listener that neither allocates nor locks. */
class SteadyStateTest {

    @TempDir
    Path dir;

    /** Reschedules each completed frame {@code depth} slots later and counts results. */
    static final class LoopListener implements OutputListener {
        final AtomicLong completed = new AtomicLong();
        final AtomicLong late = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        final int depth;
        volatile ClockSession session;

        LoopListener(int depth) {
            this.depth = depth;
        }

        @Override
        public void frameCompleted(FrameBuffer frame, long displayIndex, CompletionResult result, long nanos) {
            switch (result) {
                case COMPLETED -> completed.incrementAndGet();
                case DISPLAYED_LATE -> late.incrementAndGet();
                default -> other.incrementAndGet();
            }
            if (result.aired()) {
                session.schedule(frame, displayIndex + depth);
            }
        }

        @Override
        public void playbackStopped() {}

        @Override
        public void deviceFailed(String reason) {}
    }

    private static ClockSession start(ClockDevice device, LoopListener listener) throws Exception {
        ClockSession session = (ClockSession) device.open(FPS200, listener);
        listener.session = session;
        for (TestFrame f : Fixture.frames(listener.depth, FPS200)) {
            session.schedule(f, f.slot());
        }
        session.startScheduledPlayback(0);
        return session;
    }

    /** As {@link #start} with 16 channels of audio in every frame. */
    private static ClockSession startWithAudio(ClockDevice device, LoopListener listener) throws Exception {
        ClockSession session = (ClockSession) device.open(FPS200, 16, listener);
        listener.session = session;
        for (AudioFrame f : AudioFrame.sequence(listener.depth, FPS200, 16)) {
            session.schedule(f, f.slot());
        }
        session.startScheduledPlayback(0);
        return session;
    }

    private static void awaitAired(ClockSession session, long n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (session.stats().aired() < n) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + session.stats().summary());
            Thread.onSpinWait();
        }
    }

    @Test
    void pacingThreadDoesNotAllocatePerFrame() throws Exception {
        ClockDevice device = Fixture.device(ClockSettings.KEY_MODE, "unpaced", ClockSettings.KEY_SINK, "hashlog",
                ClockSettings.KEY_SINK_PATH, dir.resolve("loop.hashlog").toString());
        LoopListener listener = new LoopListener(8);
        ClockSession session = start(device, listener);
        awaitAired(session, 2_000); // warm-up: JIT, sink buffers
        Thread pacing = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(session.name())).findFirst().orElseThrow();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long aired0 = session.stats().aired();
        long bytes0 = mx.getThreadAllocatedBytes(pacing.getId());
        awaitAired(session, aired0 + 5_000);
        long bytes = mx.getThreadAllocatedBytes(pacing.getId()) - bytes0;
        long frames = session.stats().aired() - aired0;
        session.close();
        assertTrue(bytes < frames * 4, bytes + " bytes allocated by the pacing thread over " + frames + " frames");
    }

    @Test
    void pacingThreadDoesNotAllocatePerFrameWithAudioInTheHashLogAndTheWav() throws Exception {
        ClockDevice device = Fixture.device(ClockSettings.KEY_MODE, "unpaced", ClockSettings.KEY_SINK, "hashlog",
                ClockSettings.KEY_SINK_PATH, dir.resolve("loop.hashlog").toString(), ClockSettings.KEY_WAV_PATH,
                dir.resolve("loop.wav").toString());
        LoopListener listener = new LoopListener(8);
        ClockSession session = startWithAudio(device, listener);
        awaitAired(session, 2_000);
        Thread pacing = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(session.name())).findFirst().orElseThrow();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long aired0 = session.stats().aired();
        long bytes0 = mx.getThreadAllocatedBytes(pacing.getId());
        awaitAired(session, aired0 + 5_000);
        long bytes = mx.getThreadAllocatedBytes(pacing.getId()) - bytes0;
        long frames = session.stats().aired() - aired0;
        session.close();
        assertTrue(bytes < frames * 4, bytes + " bytes allocated by the pacing thread over " + frames + " frames");
        // 240 samples of 16 channels per frame at 200 fps, each frame's audio once
        assertTrue(java.nio.file.Files.size(dir.resolve("loop.wav")) >= WavHeader.SIZE + (aired0 + 5_000) * 240 * 64,
                "every aired frame's audio is in the WAV");
    }

    @Test
    void faultSettingsReachARunningSessionAtTheNextFrame() throws Exception {
        ClockDevice device = Fixture.device(ClockSettings.KEY_MODE, "unpaced");
        LoopListener listener = new LoopListener(4);
        ClockSession session = start(device, listener);
        awaitAired(session, 200);
        assertEquals(0, listener.late.get());
        assertTrue(device.apply(Map.of(ClockSettings.KEY_MODE, "unpaced", ClockSettings.KEY_LATE_EVERY, 2,
                ClockSettings.KEY_SNAPSHOT_PATH, ""), false));
        long aired = session.stats().aired();
        awaitAired(session, aired + 200);
        session.close();
        assertTrue(listener.late.get() >= 90, "every 2nd aired frame is late now: " + session.stats().summary());
        assertEquals(0, session.stats().dropped(), "switching the fault on drops nothing");
        assertEquals(session.stats().flushed(), listener.other.get(), "apart from late ones, only the close flushes");
    }
}
