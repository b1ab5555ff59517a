package org.genlock.backend.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.FrameOutcome;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.video.VideoFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import org.genlock.backend.internal.OutputFramePool.Slot;

/**
 * The playout engine's per-frame operations (package-private classes, hence this package
 * name; benchmarks only): pool acquire/release, ready-queue push/poll, the scheduler and
 * built-in recovery decision per completion, and the completion path per frame as the
 * completion worker runs it (completion ring hand-off, release, frame log, scheduler, take the
 * next ready frame, schedule it, decide).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBench {

    static final VideoFormat FORMAT = VideoFormat.parse("1080p50");
    /** The standard policy's settings at 50 fps (as logged by genlock.policy.standard). */
    static final PlayoutSettings SETTINGS = new PlayoutSettings(13, 4, 3, 5, 1, 2, true, 5);

    OutputFramePool pool;
    RenderOutputQueue<Slot> queue;
    PlayoutScheduler scheduler;
    FrameLogRing log;
    CompletionRing ring;
    CompletionRing.Handler handler;
    Object token = new Object();
    long index;

    @Setup
    public void setup() {
        // the pool never touches pixels: tiny buffers keep the benchmark in cache like the real metadata
        pool = new OutputFramePool(FORMAT, FORMAT.rowBytes(), SETTINGS.framePoolSize(), i -> ByteBuffer.allocateDirect(64));
        queue = new RenderOutputQueue<>(SETTINGS.maxReadyFrames(), (s, i) -> pool.release(s, s.generation()));
        scheduler = new PlayoutScheduler(SETTINGS);
        scheduler.reset(0);
        log = new FrameLogRing(FrameLogRing.DEFAULT_CAPACITY);
        ring = new CompletionRing(2 * PlayoutSettings.MAX_POOL_SIZE);
        handler = this::completion;
        index = 0;
        // steady state: preroll scheduled, a frame ready for the next index
        for (int i = 0; i < SETTINGS.prerollFrames(); i++) {
            Slot s = pool.acquireForFill();
            long idx = scheduler.takeNextIndex();
            pool.scheduled(s, s.generation());
            scheduler.scheduled(idx);
        }
    }

    @Benchmark
    public Slot poolAcquireRelease() {
        Slot s = pool.acquire();
        pool.release(s, s.generation());
        return s;
    }

    @Benchmark
    public Object readyQueuePushPoll() {
        long i = index++;
        queue.push(null, i);
        return queue.poll(i);
    }

    @Benchmark
    public int schedulerDecisionPerCompletion() {
        long completed = index++;
        scheduler.account(CompletionResult.COMPLETED, completed, 1_000);
        CompletionObservation in = scheduler.observe(3, 4, completed + 1);
        RecoveryDecision d = scheduler.freshDecision(false);
        scheduler.recommend(in, d);
        int skipped = scheduler.apply(d);
        scheduler.scheduled(scheduler.takeNextIndex());
        return skipped;
    }

    /**
     * One frame through the completion worker's path: the device callback's ring offer, the
     * worker's drain, release and frame log, a rendered frame taken from the ready queue and
     * scheduled, and the recovery decision.
     */
    @Benchmark
    public void completionPathPerFrame(Blackhole bh) {
        // the producer side of this frame: a slot rendered for the index the worker will need
        long next = scheduler.nextIndex();
        Slot rendered = pool.acquire();
        pool.ready(rendered, rendered.generation());
        queue.push(rendered, next);
        // the device reports the oldest scheduled frame
        Slot done = oldestScheduled;
        if (done == null) {
            done = firstScheduled();
        }
        ring.offer(done, done.generation(), lastCompleted + 1, CompletionResult.COMPLETED, System.nanoTime());
        bh.consume(ring.drain(handler, 64));
    }

    private Slot oldestScheduled;
    private final Slot[] scheduledRing = new Slot[PlayoutSettings.MAX_POOL_SIZE];
    private int schedHead;
    private int schedCount;
    private long lastCompleted = -1;

    private Slot firstScheduled() {
        if (schedCount == 0) {
            for (int i = 0; i < pool.size(); i++) {
                Slot s = pool.slot(i);
                if (pool.stateOf(s).equals("SCHEDULED")) {
                    scheduledRing[(schedHead + schedCount++) % scheduledRing.length] = s;
                }
            }
        }
        return scheduledRing[schedHead];
    }

    private void completion(FrameBuffer frame, long generation, long index, CompletionResult result, long nanos) {
        Slot slot = pool.slotOf(frame);
        if (slot != null && pool.release(slot, generation)) {
            log.append(index, FrameOutcome.FRESH, result, 1_000, 2_000_000, 1, 1, 1, 1);
        }
        schedHead = (schedHead + 1) % scheduledRing.length;
        schedCount--;
        lastCompleted = index;
        scheduler.account(result, index, 1_000);
        long next = scheduler.takeNextIndex();
        Slot s = queue.poll(next);
        if (s != null && pool.scheduled(s, s.generation())) {
            scheduler.scheduled(next);
            scheduledRing[(schedHead + schedCount++) % scheduledRing.length] = s;
        }
        oldestScheduled = schedCount == 0 ? null : scheduledRing[schedHead];
        CompletionObservation in = scheduler.observe(queue.depth(), schedCount, index + 1);
        RecoveryDecision d = scheduler.freshDecision(false);
        scheduler.recommend(in, d);
        scheduler.apply(d);
    }
}
