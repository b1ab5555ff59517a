package org.genlock.render.software.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.genlock.shader.support.ShaderRegistry;
import org.genlock.api.render.Program;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.bars.internal.BarsShader;
import org.genlock.shader.support.testing.TestFrame;
import org.genlock.shader.timecode.internal.TimecodeShader;
import org.genlock.shader.zoneplate.internal.ZonePlateShader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The software renderer's composite of a whole 1080p frame (clear, then every layer, over
 * bands shared by its threads), as the backend's producer calls it. Package-private session,
 * hence this package name (benchmarks only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompositeBench {

    static final VideoFormat FORMAT = VideoFormat.parse("1080p50");

    @Param({ "bars | timecode", "zoneplate | timecode" })
    public String program;

    /** Render threads including the caller; 0 = one per processor (the renderer's default). */
    @Param({ "1", "0" })
    public int threads;

    SoftwareSession session;
    TestFrame target;
    final Req request = new Req();
    final RenderCompletion done = new RenderCompletion() {
        @Override
        public void rendered(FrameBuffer t, long displayIndex, long renderNanos) {
            // measured by JMH
        }

        @Override
        public void failed(FrameBuffer t, long displayIndex, String reason) {
            throw new IllegalStateException(reason);
        }
    };

    @Setup
    public void setup() {
        ShaderRegistry registry = new ShaderRegistry();
        registry.add(new BarsShader(), Map.of("genlock.shader.id", "bars", "service.id", 1L));
        registry.add(new ZonePlateShader(), Map.of("genlock.shader.id", "zoneplate", "service.id", 2L));
        registry.add(new TimecodeShader(), Map.of("genlock.shader.id", "timecode", "service.id", 3L));
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        session = new SoftwareSession(FORMAT, registry, n, 32, "jmh-render", s -> { });
        target = TestFrame.of(FORMAT);
        request.program = Program.parse(program);
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public TestFrame composite() {
        request.index++;
        session.render(request, target, done);
        return target;
    }

    static final class Req implements RenderRequest {
        long index;
        Program program;

        @Override
        public long displayIndex() {
            return index;
        }

        @Override
        public VideoFormat format() {
            return FORMAT;
        }

        @Override
        public long frameTimeNanos() {
            return FORMAT.frameTime().nanosOf(index);
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
}
