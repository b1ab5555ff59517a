package org.genlock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The writer allocates nothing; readers see consistent readings while it writes. */
class LoudnessMeterThreadsTest {

    static final int CALLS = 10_000;

    /**
     * 16 channels in 50p frames. Steady state allocates nothing; the bound leaves room only
     * for the JIT's own few bytes while it recompiles (seen: 0 to 152 bytes per 10 000
     * calls), far below one allocation per call (at least 16 bytes × 10 000).
     */
    @Test
    void feedingAndReadingAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        LoudnessMeter meter = new LoudnessMeter(LoudnessLayout.standard(16));
        LoudnessSnapshot reading = new LoudnessSnapshot(meter.layout());
        ByteBuffer frame = ByteBuffer.allocateDirect(960 * 16 * 4).order(ByteOrder.LITTLE_ENDIAN);
        Pcm.fill(frame, (c, n) -> 0.1 * Math.sin(0.05 * n * (c + 1)) + (n % 7 == 0 ? 0.01 : 0), 16, 0, 960);
        // warm up: the JIT's compilations, the first publishes and reads
        for (int i = 0; i < CALLS; i++) {
            meter.feed(frame, 960);
            meter.read(reading);
        }
        threads.getThreadAllocatedBytes(self);
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < CALLS; i++) {
            meter.feed(frame, 960);
            meter.read(reading);
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        System.out.println("LoudnessMeter: " + allocated + " bytes allocated by " + CALLS + " feed+read calls");
        assertTrue(allocated < CALLS / 4, allocated + " bytes allocated by " + CALLS + " feed+read calls (16 channels, 960 samples)");
        assertEquals(2L * CALLS * 960, reading.samples());
    }

    /**
     * Both channels carry the same signal, rising by 1 dB every sub-block: a reading mixed
     * from two sub-blocks would show different peaks or a peak off the loudness.
     */
    @Test
    void readersSeeOneSubBlockAtATime() throws Exception {
        LoudnessMeter meter = new LoudnessMeter(LoudnessLayout.standard(2));
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            LoudnessSnapshot s = new LoudnessSnapshot(meter.layout());
            while (!Thread.currentThread().isInterrupted() && torn.get() == null) {
                meter.read(s);
                reads.incrementAndGet();
                boolean consistent = s.samplePeak[0] == s.samplePeak[1] && s.maxTruePeak[0] == s.maxTruePeak[1]
                        && s.maxSamplePeak[0] == s.samplePeak[0]
                        && (s.samples == 0) == (s.maxSamplePeak[0] == Double.NEGATIVE_INFINITY);
                if (!consistent) {
                    torn.set(s.toString());
                }
            }
        }, "meter-reader");
        reader.start();
        try {
            // 400 s of audio in 1920-sample frames; the level climbs 1 dB per sub-block from -90
            for (int round = 0; round < 4 && torn.get() == null; round++) {
                meter.reset();
                Pcm.feed(meter, (c, n) -> Pcm.amplitude(-90 + n / LoudnessMeter.SUB_BLOCK)
                        * Math.sin(2 * Math.PI * 1000 * n / 48000.0), 0, 90L * LoudnessMeter.SUB_BLOCK, 1920);
            }
        } finally {
            reader.interrupt();
            reader.join(10_000);
        }
        assertEquals(null, torn.get(), "a reading mixed from two sub-blocks");
        assertTrue(reads.get() > 0);
    }
}
