package org.genlock.shader.zoneplate.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Map;
import java.util.Optional;

import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.Renderer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.PixelFormat;
import org.genlock.itest.support.render.Frames;
import org.genlock.itest.support.render.TestFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The zone plate shader in a real framework: its service and parameters, and 1280x720
 * frames rendered by the software renderer whose pixels are the documented luma
 * {@code 0.5 + 0.5 cos(pi * scale * H * (u^2 + v^2) + 2 pi * speed * t)}, with {@code u, v}
 * the distance of the pixel centre from the picture centre in picture heights.
 */
@ExtendWith(ServiceExtension.class)
class ZonePlateShaderTest {

    static final int W = 1280;
    static final int H = 720;
    /** Half a code value: the kernel rounds the exact luma to 8 bits (plus float noise). */
    static final double ROUNDING = 0.5 + 1e-3;

    @InjectService(filter = "(genlock.shader.id=zoneplate)", timeout = 20_000)
    ServiceAware<ShaderProvider> shaders;

    @InjectService(filter = "(genlock.renderer.id=software)", timeout = 20_000)
    Renderer renderer;

    @Test
    void registeredWithItsIdAndDocumentedParameters() {
        ServiceReference<ShaderProvider> ref = shaders.getServiceReference();
        assertThat(ref.getProperty("genlock.shader.id")).isEqualTo("zoneplate");
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo("genlock.shader.zoneplate");
        ShaderProvider zp = shaders.getService();
        ShaderInfo info = zp.info();
        assertThat(info.id()).isEqualTo("zoneplate");
        assertThat(info.name()).isNotBlank();
        assertThat(info.version()).isNotBlank();
        assertThat(info.parameters()).extracting(ShaderParameter::name).containsExactly("scale", "speed");
        ShaderParameter scale = info.parameters().get(0);
        assertThat(scale.type()).isEqualTo(ParameterType.FLOAT);
        assertThat(scale.min()).isEqualTo(0.01);
        assertThat(scale.max()).isEqualTo(8.0);
        assertThat(scale.defaultValue()).isEqualTo(1.0);
        ShaderParameter speed = info.parameters().get(1);
        assertThat(speed.type()).isEqualTo(ParameterType.FLOAT);
        assertThat(speed.min()).isEqualTo(-60.0);
        assertThat(speed.max()).isEqualTo(60.0);
        assertThat(speed.defaultValue()).isEqualTo(1.0);
        assertThat(scale.label()).isNotBlank();
        assertThat(speed.label()).isNotBlank();

        Optional<CpuKernel> kernel = zp.cpuKernel();
        assertThat(kernel).isPresent();
        assertThat(kernel.get().supports(PixelFormat.BGRA8)).isTrue();
        assertThat(zp.glslFragment()).isNotBlank().contains("vec4 mainImage(vec2 fragCoord)")
                .contains("scale").contains("speed").doesNotContain("void main");
    }

    /** scale, speed, display index (50 fps); the centre luma ranges from black to white. */
    @ParameterizedTest
    @CsvSource({
        "1.0, 1.0, 0",
        "1.0, 1.0, 10",
        "2.0, 0.25, 100",
        "0.5, -3.0, 7",
        "8.0, 60.0, 3",
        "1.0, 0.3, 4294967301",
    })
    void centrePixelIsTheFormulaValue(double scale, double speed, long index) throws Exception {
        TestFrame f;
        try (Frames frames = new Frames(renderer)) {
            f = frames.render(program(scale, speed), index);
        }
        double t = Frames.F720.frameTime().nanosOf(index) / 1e9;
        int x = W / 2;
        int y = H / 2;
        double want = 255 * luma(scale, speed, t, x, y);
        int got = f.argb(x, y);
        assertThat(got >>> 24).as("opaque").isEqualTo(0xFF);
        assertThat(Math.abs((got & 0xFF) - want)).as("centre (%d, %d) = %d vs exact %.3f", x, y, got & 0xFF, want)
                .isLessThanOrEqualTo(ROUNDING);
        assertThat(got & 0xFFFFFF).as("grey").isEqualTo((got & 0xFF) * 0x010101);
    }

    @Test
    void everyPixelIsTheFormulaValue() throws Exception {
        double scale = 1.5;
        double speed = 0.7;
        long index = 1234;
        TestFrame f;
        try (Frames frames = new Frames(renderer)) {
            f = frames.render(program(scale, speed), index);
        }
        double t = Frames.F720.frameTime().nanosOf(index) / 1e9;
        int bad = 0;
        StringBuilder first = new StringBuilder();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double want = 255 * luma(scale, speed, t, x, y);
                int got = f.argb(x, y);
                boolean ok = got >>> 24 == 0xFF && (got & 0xFFFFFF) == (got & 0xFF) * 0x010101
                        && Math.abs((got & 0xFF) - want) <= ROUNDING;
                if (!ok && bad++ < 10) {
                    first.append(String.format("(%d, %d) is 0x%08X, expected grey %.3f%n", x, y, got, want));
                }
            }
        }
        if (bad != 0) {
            fail(bad + " pixels differ from the formula, first:\n" + first);
        }
    }

    @Test
    void defaultsApplyAndSpeedZeroStandsStill() throws Exception {
        try (Frames frames = new Frames(renderer)) {
            byte[] defaults = frames.render(Program.of(new Layer("zoneplate", Map.of())), 10).bytes();
            assertThat(frames.render(program(1.0, 1.0), 10).bytes()).as("defaults are scale 1, speed 1")
                    .isEqualTo(defaults);
            byte[] still = frames.render(program(1.0, 0.0), 0).bytes();
            assertThat(frames.render(program(1.0, 0.0), 987).bytes()).as("speed 0").isEqualTo(still);
            assertThat(frames.render(program(1.0, 1.0), 13).bytes()).as("speed 1 moves").isNotEqualTo(defaults);
        }
    }

    static Program program(double scale, double speed) {
        return Program.of(new Layer("zoneplate", Map.of("scale", scale, "speed", speed)));
    }

    /** The documented luma at pixel (x, y), whose centre is (x + 0.5, y + 0.5). */
    static double luma(double scale, double speed, double t, int x, int y) {
        double u = (x + 0.5 - W / 2.0) / H;
        double v = (y + 0.5 - H / 2.0) / H;
        return 0.5 + 0.5 * Math.cos(Math.PI * scale * H * (u * u + v * v) + 2 * Math.PI * speed * t);
    }
}
