package org.genlock.benchmark.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.VideoFormat;
import org.genlock.shader.bars.internal.BarsShader;
import org.genlock.shader.support.ResolvedParameters;
import org.genlock.shader.support.testing.TestContext;
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

/** Each shader's CPU kernel over a whole 1080p BGRA frame on one thread (the renderer splits it in bands). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KernelBench {

    static final VideoFormat FORMAT = VideoFormat.parse("1080p50");

    @Param({ "bars", "zoneplate", "timecode" })
    public String shader;

    CpuKernel kernel;
    ResolvedParameters values;
    TestContext context;
    TestFrame target;
    long index;

    @Setup
    public void setup() {
        ShaderProvider p = switch (shader) {
            case "bars" -> new BarsShader();
            case "zoneplate" -> new ZonePlateShader();
            case "timecode" -> new TimecodeShader();
            default -> throw new IllegalArgumentException("unknown shader " + shader);
        };
        kernel = p.cpuKernel().orElseThrow();
        values = ResolvedParameters.resolve(p.info(), Map.of());
        context = new TestContext(FORMAT);
        target = TestFrame.of(FORMAT);
    }

    @Benchmark
    public TestFrame frame1080p() {
        context.at(index++);
        kernel.render(target, 0, FORMAT.height(), context, values);
        return target;
    }
}
