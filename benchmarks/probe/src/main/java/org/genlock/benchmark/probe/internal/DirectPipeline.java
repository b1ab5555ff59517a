package org.genlock.benchmark.probe.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;

/**
 * Renderer and device without the playout engine between them: the real software renderer
 * renders every frame into device memory and each frame is scheduled on the real clock device
 * (unpaced) for the next index, with a small pool recycled on completion. This is the rate at
 * which Genlock's bundles make and hand over frames; the engine's own unpaced figure is
 * reported beside it.
 */
final class DirectPipeline {

    private static final int POOL = 6;

    /** Frames rendered and scheduled, frames completed on air, and the measured time. */
    record Result(long scheduled, long completed, long failed, double seconds, long cpuNanos) {}

    private static final class Frame implements FrameBuffer {
        final int slot;
        final VideoFormat format;
        final ByteBuffer pixels;

        Frame(int slot, VideoFormat format, ByteBuffer pixels) {
            this.slot = slot;
            this.format = format;
            this.pixels = pixels;
        }

        @Override
        public int slot() {
            return slot;
        }

        @Override
        public long generation() {
            return 1;
        }

        @Override
        public VideoFormat format() {
            return format;
        }

        @Override
        public int rowBytes() {
            return format.rowBytes();
        }

        @Override
        public ByteBuffer pixels() {
            return pixels;
        }
    }

    private static final class Request implements RenderRequest {
        final VideoFormat format;
        final FrameTime time;
        final Program program;
        long index;

        Request(VideoFormat format, Program program) {
            this.format = format;
            this.time = format.frameTime();
            this.program = program;
        }

        @Override
        public long displayIndex() {
            return index;
        }

        @Override
        public VideoFormat format() {
            return format;
        }

        @Override
        public long frameTimeNanos() {
            return time.nanosOf(index);
        }

        @Override
        public long timecodeFrames() {
            return index;
        }

        @Override
        public boolean dropFrame() {
            return false;
        }

        @Override
        public Program program() {
            return program;
        }

        @Override
        public long programGeneration() {
            return 1;
        }
    }

    private static final class Done implements RenderCompletion {
        boolean ok;

        @Override
        public void rendered(FrameBuffer target, long displayIndex, long renderNanos) {
            ok = true;
        }

        @Override
        public void failed(FrameBuffer target, long displayIndex, String reason) {
            ok = false;
        }
    }

    static Result run(Renderer renderer, VideoOutputDevice device, VideoFormat format, String program,
            long warmupNanos, long measureNanos, com.sun.management.OperatingSystemMXBean os) throws Exception {
        ArrayBlockingQueue<Frame> free = new ArrayBlockingQueue<>(POOL);
        AtomicLong completed = new AtomicLong();
        OutputListener listener = new OutputListener() {
            @Override
            public void frameCompleted(FrameBuffer frame, long displayIndex, CompletionResult result, long nanos) {
                if (result == CompletionResult.COMPLETED) {
                    completed.incrementAndGet();
                }
                free.offer((Frame) frame);
            }

            @Override
            public void playbackStopped() {
                // measured by then
            }

            @Override
            public void deviceFailed(String reason) {
                // counted as missing completions
            }
        };
        OutputSession session = device.open(format, listener);
        RenderSession render = renderer.open(format);
        Frame[] all = new Frame[POOL];
        try {
            for (int i = 0; i < POOL; i++) {
                all[i] = new Frame(i, format, session.allocator().allocate(format, format.rowBytes()));
                free.add(all[i]);
            }
            Request request = new Request(format, Program.parse(program));
            Done done = new Done();
            long index = 0;
            long failed = 0;
            boolean started = false;
            long warmEnd = System.nanoTime() + warmupNanos;
            long t0 = 0;
            long cpu0 = 0;
            long scheduled0 = 0;
            long completed0 = 0;
            while (true) {
                long now = System.nanoTime();
                if (t0 == 0 && now >= warmEnd) {
                    t0 = now;
                    cpu0 = os.getProcessCpuTime();
                    scheduled0 = index;
                    completed0 = completed.get();
                } else if (t0 != 0 && now - t0 >= measureNanos) {
                    return new Result(index - scheduled0, completed.get() - completed0, failed, (now - t0) / 1e9,
                            os.getProcessCpuTime() - cpu0);
                }
                Frame f = free.poll(1, TimeUnit.SECONDS);
                if (f == null) {
                    throw new IllegalStateException("the clock device returned no frame within 1 s");
                }
                request.index = index;
                render.render(request, f, done);
                if (!done.ok) {
                    failed++;
                }
                if (!session.schedule(f, index)) {
                    throw new IllegalStateException("the clock device refused frame " + index);
                }
                index++;
                if (!started && index == 2) {
                    session.startScheduledPlayback(0);
                    started = true;
                }
            }
        } finally {
            render.close();
            session.stopScheduledPlayback();
            session.close();
            for (Frame f : all) {
                if (f != null) {
                    try {
                        session.allocator().release(f.pixels);
                    } catch (RuntimeException ignored) {
                        // the session is closed; its memory goes with it
                    }
                }
            }
        }
    }
}
