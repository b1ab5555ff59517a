package org.genlock.device.clock.internal;

import static org.genlock.api.device.CompletionResult.COMPLETED;
import static org.genlock.api.device.CompletionResult.DISPLAYED_LATE;
import static org.genlock.api.device.CompletionResult.DROPPED;
import static org.genlock.api.device.CompletionResult.FLUSHED;
import static org.genlock.device.clock.internal.Fixture.FPS100;
import static org.genlock.device.clock.internal.Fixture.FPS200;
import static org.genlock.device.clock.internal.Fixture.FPS24;
import static org.genlock.device.clock.internal.Fixture.FPS50;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.genlock.api.device.DeviceException;
import org.genlock.device.clock.internal.RecordingListener.Completion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClockSessionTest {

    /**
     * A backend-like run: preroll, then the listener schedules a new frame for every frame that
     * completes. Every accepted frame completes exactly once, in display order with consecutive
     * indices: the aired ones COMPLETED, then the one on air and the buffered ones FLUSHED at
     * stop, then playbackStopped. Paced, a late or dropped result is accepted only when the
     * device measured that its thread woke that late (an overloaded machine); unpaced is exact.
     */
    @ParameterizedTest
    @ValueSource(strings = { "paced", "unpaced" })
    void normalRunCompletesEveryFrameOnceInDisplayOrder(String mode) throws Exception {
        ClockDevice device = Fixture.device(ClockSettings.KEY_MODE, mode);
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(device, FPS50, listener);
        assertEquals(-1, session.displayIndexNow(), "not playing yet");
        int preroll = 4;
        long first = 1000;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < preroll; i++) {
            assertTrue(session.schedule(TestFrame.of(i, FPS50).pattern(i), first + i));
            accepted.incrementAndGet();
        }
        assertEquals(preroll, session.bufferedFrameCount());
        listener.onCompletion = c -> {
            if (c.result() != FLUSHED && c.index() + preroll < first + 14) {
                if (session.schedule(c.frame(), c.index() + preroll)) {
                    accepted.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            }
        };
        session.startScheduledPlayback(first);
        long now = session.displayIndexNow();
        assertTrue(now >= first && now < first + 50, "index on air right after start: " + now);
        listener.awaitCompletions(10);
        session.stopScheduledPlayback();
        listener.awaitStopped();
        session.close();

        List<Object> events = listener.events();
        assertEquals("stopped", events.get(events.size() - 1), "playbackStopped comes last");
        List<Completion> completions = listener.completions();
        assertEquals(accepted.get(), completions.size(), "every accepted frame completes exactly once");
        assertEquals(0, refused.get());
        long expected = first;
        for (Completion c : completions) {
            assertEquals(expected++, c.index(), "completions in display order with consecutive indices");
            assertEquals(session.name(), c.thread(), "callbacks on the pacing thread");
        }
        int notFlushed = assertAiredThenFlushed(completions, session.stats(), 10_000_000);
        assertTrue(notFlushed >= 10, completions.toString());
        if (mode.equals("paced")) {
            assertTrue(session.stats().wakeups() >= 10, session.stats().summary());
        } else {
            assertEquals(notFlushed, session.stats().completed(), "unpaced: nothing late or dropped");
        }
        assertEquals(-1, session.displayIndexNow(), "not playing after stop");
    }

    /**
     * Checks completions sorted by index: a prefix of aired (or, with measured evidence,
     * late/dropped) frames, then only FLUSHED ones, the first of which was on air.
     *
     * @return the length of the prefix
     */
    static int assertAiredThenFlushed(List<Completion> completions, ClockSessionStats stats, long halfFrameNanos) {
        List<Completion> sorted = completions.stream()
                .sorted(java.util.Comparator.comparingLong(Completion::index)).toList();
        int k = 0;
        while (k < sorted.size() && sorted.get(k).result() != FLUSHED) {
            k++;
        }
        boolean overloaded = stats.maxLatenessNanos() > halfFrameNanos || stats.missedSlots() > 0;
        long airedBefore = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Completion c = sorted.get(i);
            if (i >= k) {
                assertEquals(FLUSHED, c.result(), "after the first flushed frame all are flushed: " + sorted);
            } else if (c.result() != COMPLETED) {
                assertTrue(overloaded && (c.result() == DISPLAYED_LATE || c.result() == DROPPED),
                        c + " although the device kept time: " + stats.summary());
            }
            if (i < k && c.result().aired()) {
                airedBefore++;
            }
        }
        assertTrue(k < sorted.size(), "the frame on air at the stop is flushed");
        assertEquals(airedBefore + 1, stats.aired(), "the first flushed frame was on air: " + stats.summary());
        assertEquals(sorted.size() - k, stats.flushed());
        assertEquals(completions.size(), stats.completions());
        return k;
    }

    @Test
    void frameScheduledAfterItsSlotIsDropped() throws Exception {
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(), FPS100, listener);
        TestFrame[] frames = Fixture.frames(4, FPS100);
        for (int i = 0; i < 3; i++) {
            assertTrue(session.schedule(frames[i], i));
        }
        session.startScheduledPlayback(0);
        listener.await(() -> session.displayIndexNow() >= 6, "slot 6");
        assertTrue(session.schedule(frames[3], 3), "a late frame is accepted and reported");
        listener.await(() -> listener.resultOf(3) != null, "completion of index 3");
        assertEquals(DROPPED, listener.resultOf(3));
        session.close();
        assertTrue(listener.resultOf(0).aired() || session.stats().missedSlots() > 0);
        assertTrue(listener.resultOf(1).aired() || session.stats().missedSlots() > 0);
        assertEquals(FLUSHED, listener.resultOf(2), "index 2 stayed on air until the stop");
        assertEquals(1, session.stats().dropped());
        assertTrue(session.stats().underflows() >= 3, "slots 3.. had nothing to show");
    }

    @Test
    void stopFlushesBufferedAndOnAirFramesThenReportsStopped() throws Exception {
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(), FPS50, listener);
        for (TestFrame f : Fixture.frames(8, FPS50)) {
            assertTrue(session.schedule(f, f.slot()));
        }
        session.startScheduledPlayback(0);
        listener.await(() -> session.stats().aired() >= 2, "two frames on air");
        session.stopScheduledPlayback();
        listener.awaitStopped();
        assertEquals(0, session.bufferedFrameCount());
        List<Completion> completions = listener.completions();
        assertEquals(8, completions.size());
        int k = assertAiredThenFlushed(completions, session.stats(), 10_000_000);
        assertTrue(k >= 1 && k < 7, "stopped after the first and before the last frame: " + completions);
        List<Object> events = listener.events();
        assertEquals("stopped", events.get(events.size() - 1));
        assertEquals(1, listener.stops());
        session.stopScheduledPlayback(); // not playing: nothing happens
        session.close();
        assertEquals(1, listener.stops(), "close of an idle session reports no second stop");
    }

    @Test
    void scheduleRefusesWhenFullOutOfOrderWhileStoppingAndAfterClose() throws Exception {
        ClockDevice device = Fixture.device(ClockSettings.KEY_MAX_BUFFERED, 4);
        assertEquals(4, device.info().maxBufferedFrames());
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(device, FPS100, listener);
        TestFrame[] frames = Fixture.frames(8, FPS100);
        for (int i = 0; i < 4; i++) {
            assertTrue(session.schedule(frames[i], 10 + i));
        }
        assertFalse(session.schedule(frames[4], 20), "buffer full");
        assertEquals(4, session.bufferedFrameCount());

        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        listener.onCompletion = c -> {
            if (c.result() == FLUSHED) {
                inCallback.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        session.startScheduledPlayback(10);
        listener.await(() -> session.stats().aired() >= 1, "first frame on air");
        assertFalse(session.schedule(frames[4], 13), "index not after the previous one");
        assertFalse(session.schedule(TestFrame.of(9, FPS50), 100), "frame in another format");
        session.stopScheduledPlayback();
        assertTrue(inCallback.await(5, TimeUnit.SECONDS));
        assertFalse(session.schedule(frames[5], 100), "refused while stopping");
        release.countDown();
        listener.awaitStopped();
        assertTrue(session.schedule(frames[6], 0), "preroll for a new playback after the stop");
        session.close();
        assertEquals(FLUSHED, listener.resultOf(0), "close flushes the preroll");
        assertFalse(session.schedule(frames[7], 1), "refused after close");
        assertThrows(DeviceException.class, () -> session.startScheduledPlayback(0));
        assertEquals(5, listener.completions().size(), "4 of the first playback + the preroll, nothing refused");
    }

    @Test
    void closeReturnsOnlyAfterEveryFrameCompletedAndTheThreadEnded() throws Exception {
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(), FPS200, listener);
        listener.onCompletion = c -> sleep(20); // a slow listener widens the window
        for (TestFrame f : Fixture.frames(6, FPS200)) {
            assertTrue(session.schedule(f, f.slot()));
        }
        session.startScheduledPlayback(0);
        session.close();
        assertEquals(6, listener.completions().size());
        assertEquals(1, listener.stops());
        assertFalse(threadAlive(session.name()), "pacing thread ended");
        sleep(30);
        assertEquals(6, listener.completions().size(), "no callback after close");
        session.close(); // idempotent
    }

    @Test
    void closeOfAnIdleSessionFlushesThePrerollWithoutStopReport() {
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(), FPS200, listener);
        for (TestFrame f : Fixture.frames(3, FPS200)) {
            assertTrue(session.schedule(f, f.slot()));
        }
        session.close();
        assertEquals(List.of(FLUSHED, FLUSHED, FLUSHED),
                listener.completions().stream().map(Completion::result).toList());
        assertEquals(0, listener.stops());
    }

    @Test
    void lateFaultReportsEveryNthAiredFrameLate() throws Exception {
        RecordingListener listener = runPrerolled(12, 11, ClockSettings.KEY_MODE, "unpaced",
                ClockSettings.KEY_LATE_EVERY, 3);
        for (int i = 0; i < 11; i++) {
            assertEquals((i + 1) % 3 == 0 ? DISPLAYED_LATE : COMPLETED, listener.resultOf(i), "index " + i);
        }
        assertEquals(FLUSHED, listener.resultOf(11), "on air at the stop");
    }

    @Test
    void dropFaultDropsEveryNthFrameWithoutAiringIt() throws Exception {
        List<org.genlock.api.device.CompletionResult> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add((i + 1) % 4 == 0 ? DROPPED : COMPLETED);
        }
        expected.set(10, FLUSHED); // the last aired frame, on air at the stop
        RecordingListener listener = runPrerolled(12, 11, ClockSettings.KEY_MODE, "unpaced",
                ClockSettings.KEY_DROP_EVERY, 4, ClockSettings.KEY_SINK, "hashlog",
                ClockSettings.KEY_SINK_PATH, tempFile("drop.hashlog"));
        for (int i = 0; i < 12; i++) {
            assertEquals(expected.get(i), listener.resultOf(i), "index " + i);
        }
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(tempFile("drop.hashlog")));
        assertEquals(List.of("0", "1", "2", "4", "5", "6", "8", "9", "10"),
                lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList(), "dropped frames never aired");
    }

    @Test
    void stallFaultMakesThePacingThreadMissSlots() throws Exception {
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(ClockSettings.KEY_STALL_MS, 60,
                ClockSettings.KEY_STALL_EVERY, 2), FPS100, listener);
        for (TestFrame f : Fixture.frames(10, FPS100)) {
            session.schedule(f, f.slot());
        }
        session.startScheduledPlayback(0);
        listener.await(() -> session.stats().missedSlots() >= 5, "missed slots");
        session.close();
        assertTrue(listener.completions().stream().anyMatch(c -> c.result() == DROPPED),
                "frames whose slots passed during the stall are dropped: " + listener.completions());
        assertEquals(10, listener.completions().size());
    }

    @Test
    void unpacedModeRunsFasterThanRealTime() throws Exception {
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(ClockSettings.KEY_MODE, "unpaced"), FPS24, listener);
        int total = 240; // 10 s of real time at 24 fps
        int preroll = 8;
        listener.onCompletion = c -> {
            if (c.index() + preroll < total) {
                session.schedule(c.frame(), c.index() + preroll);
            }
        };
        for (TestFrame f : Fixture.frames(preroll, FPS24)) {
            session.schedule(f, f.slot());
        }
        long start = System.nanoTime();
        session.startScheduledPlayback(0);
        listener.awaitCompletions(total - 1);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        session.close();
        assertTrue(elapsedMs < 5_000, "240 frames at 24 fps took " + elapsedMs + " ms unpaced");
        assertEquals(total - 1, session.stats().completed());
        assertEquals(0, session.stats().wakeups(), "no deadlines in unpaced mode");
    }

    @Test
    void setListenerMovesCompletionsWithoutLosingOrRepeatingAny() throws Exception {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(), FPS200, first);
        for (TestFrame f : Fixture.frames(16, FPS200)) {
            session.schedule(f, f.slot());
        }
        session.startScheduledPlayback(0);
        first.awaitCompletions(4);
        session.setListener(second);
        int before = first.completions().size();
        sleep(20);
        assertEquals(before, first.completions().size(), "nothing reaches the old listener after the swap");
        session.close();
        List<Long> all = new ArrayList<>();
        first.completions().forEach(c -> all.add(c.index()));
        second.completions().forEach(c -> all.add(c.index()));
        assertEquals(java.util.stream.LongStream.range(0, 16).boxed().toList(), all);
        assertEquals(1, second.stops());
    }

    @Test
    void sessionsRunIndependentlyAndNumbersAreReused() throws Exception {
        ClockDevice device = Fixture.device();
        ClockSession a = Fixture.open(device, FPS200, new RecordingListener());
        ClockSession b = Fixture.open(device, FPS100, new RecordingListener());
        assertEquals("genlock-clock-1", a.name());
        assertEquals("genlock-clock-2", b.name());
        assertTrue(threadAlive("genlock-clock-2"));
        a.close();
        ClockSession c = Fixture.open(device, FPS50, new RecordingListener());
        assertEquals("genlock-clock-1", c.name(), "number 1 is free again");
        b.close();
        c.close();
        assertFalse(threadAlive("genlock-clock-1"));
        assertFalse(threadAlive("genlock-clock-2"));
    }

    /** Preroll {@code frames} frames at 0.., start at 0, stop after {@code completions}, close. */
    private static RecordingListener runPrerolled(int frames, int completions, Object... config)
            throws DeviceException {
        RecordingListener listener = new RecordingListener();
        ClockSession session = Fixture.open(Fixture.device(config), FPS200, listener);
        for (TestFrame f : Fixture.frames(frames, FPS200)) {
            assertTrue(session.schedule(f, f.slot()));
        }
        session.startScheduledPlayback(0);
        listener.awaitCompletions(completions);
        session.stopScheduledPlayback();
        listener.awaitStopped();
        session.close();
        assertEquals(frames, listener.completions().size());
        return listener;
    }

    static String tempFile(String name) {
        return System.getProperty("java.io.tmpdir") + "/genlock-clock-test-" + ProcessHandle.current().pid() + "/"
                + name;
    }

    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
