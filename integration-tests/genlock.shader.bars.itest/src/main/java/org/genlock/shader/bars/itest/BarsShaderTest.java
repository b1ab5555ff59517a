package org.genlock.shader.bars.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Map;
import java.util.Optional;

import org.genlock.api.render.Layer;
import org.genlock.api.render.Program;
import org.genlock.api.render.Renderer;
import org.genlock.api.shader.CpuKernel;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderProvider;
import org.genlock.api.video.PixelFormat;
import org.genlock.itest.support.render.Frames;
import org.genlock.itest.support.render.TestFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The colour bars shader in a real framework: its service and description, and a 1280x720
 * frame rendered by the software renderer holding exactly the RP 219 values and edges its
 * README documents.
 */
@ExtendWith(ServiceExtension.class)
class BarsShaderTest {

    // README of genlock.shader.bars: full-range 8-bit R'G'B', 0xAARRGGBB
    static final int WHITE_100 = 0xFFFFFFFF;
    static final int WHITE_75 = 0xFFBFBFBF;
    static final int YELLOW_75 = 0xFFBFBF00;
    static final int CYAN_75 = 0xFF00BFBF;
    static final int GREEN_75 = 0xFF00BF00;
    static final int MAGENTA_75 = 0xFFBF00BF;
    static final int RED_75 = 0xFFBF0000;
    static final int BLUE_75 = 0xFF0000BF;
    static final int GREY_40 = 0xFF666666;
    static final int GREY_15 = 0xFF262626;
    static final int CYAN_100 = 0xFF00FFFF;
    static final int BLUE_100 = 0xFF0000FF;
    static final int YELLOW_100 = 0xFFFFFF00;
    static final int RED_100 = 0xFFFF0000;
    static final int BLACK = 0xFF000000;
    static final int MINUS_2 = 0xFF000000; // clamped
    static final int PLUS_2 = 0xFF050505;
    static final int PLUS_4 = 0xFF0A0A0A;

    // README geometry table for 1280x720
    static final int[] ROWS = {0, 420, 480, 540, 720};
    static final int[] BAR_EDGES = {160, 297, 434, 571, 709, 846, 983, 1120};
    static final int[] BARS = {WHITE_75, YELLOW_75, CYAN_75, GREEN_75, MAGENTA_75, RED_75, BLUE_75};
    static final int[] BOTTOM_EDGES = {160, 366, 640, 754, 800, 846, 891, 937, 983, 1120};
    static final int[] BOTTOM = {BLACK, WHITE_100, BLACK, MINUS_2, BLACK, PLUS_2, BLACK, PLUS_4, BLACK};

    static final Program PROGRAM = Program.of(new Layer("bars", Map.of()));

    @InjectService(filter = "(genlock.shader.id=bars)", timeout = 20_000)
    ServiceAware<ShaderProvider> shaders;

    @InjectService(filter = "(genlock.renderer.id=software)", timeout = 20_000)
    Renderer renderer;

    @Test
    void registeredWithItsIdAndDescribed() {
        ServiceReference<ShaderProvider> ref = shaders.getServiceReference();
        assertThat(ref.getProperty("genlock.shader.id")).isEqualTo("bars");
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo("genlock.shader.bars");
        ShaderProvider bars = shaders.getService();
        ShaderInfo info = bars.info();
        assertThat(info.id()).isEqualTo("bars");
        assertThat(info.name()).isNotBlank();
        assertThat(info.version()).isNotBlank();
        assertThat(info.parameters()).as("no parameters").isEmpty();

        Optional<CpuKernel> kernel = bars.cpuKernel();
        assertThat(kernel).isPresent();
        assertThat(kernel.get().supports(PixelFormat.BGRA8)).isTrue();
        assertThat(bars.cpuKernel().get()).as("the same kernel for the life of the service").isSameAs(kernel.get());

        assertThat(bars.glslFragment()).isNotBlank().contains("vec4 mainImage(vec2 fragCoord)")
                .doesNotContain("void main");
    }

    @Test
    void regionCentresHoldTheDocumentedValues() throws Exception {
        TestFrame f;
        try (Frames frames = new Frames(renderer)) {
            f = frames.render(PROGRAM, 0);
        }
        // pattern 1 (rows 0-419), centre row 210
        at(f, 80, 210, GREY_40, "left pillar 40 %");
        for (int i = 0; i < 7; i++) {
            at(f, (BAR_EDGES[i] + BAR_EDGES[i + 1]) / 2, 210, BARS[i], "75 % bar " + (i + 1));
        }
        at(f, 1200, 210, GREY_40, "right pillar 40 %");
        // pattern 2 (rows 420-479), centre row 450
        at(f, 80, 450, CYAN_100, "100 % cyan");
        at(f, 228, 450, WHITE_75, "*1 = 75 % white");
        at(f, 708, 450, WHITE_75, "75 % white");
        at(f, 1200, 450, BLUE_100, "100 % blue");
        // pattern 3 (rows 480-539), centre row 510
        at(f, 80, 510, YELLOW_100, "100 % yellow");
        at(f, 228, 510, BLACK, "*3 = 0 % black");
        at(f, 297, 510, grey(0), "ramp start 0 %");
        at(f, 708, 510, grey(ramp(708 - 297, 1120 - 297)), "ramp centre");
        at(f, 1119, 510, grey(255), "ramp end 100 %");
        at(f, 1200, 510, RED_100, "100 % red");
        // pattern 4 (rows 540-719), centre row 630
        at(f, 80, 630, GREY_15, "left pillar 15 %");
        String[] names = {"0 % 1.5c", "100 % white 2c", "0 % 5c/6", "-2 %", "0 %", "+2 %", "0 %", "+4 %", "0 % c"};
        for (int i = 0; i < BOTTOM.length; i++) {
            at(f, (BOTTOM_EDGES[i] + BOTTOM_EDGES[i + 1]) / 2, 630, BOTTOM[i], names[i]);
        }
        at(f, 1200, 630, GREY_15, "right pillar 15 %");
    }

    @Test
    void everyPixelMatchesTheDocumentedEdgesAndValues() throws Exception {
        TestFrame f;
        try (Frames frames = new Frames(renderer)) {
            f = frames.render(PROGRAM, 123);
        }
        int mismatches = 0;
        StringBuilder first = new StringBuilder();
        for (int y = 0; y < 720; y++) {
            for (int x = 0; x < 1280; x++) {
                int want = expected(x, y);
                int got = f.argb(x, y);
                if (got != want && mismatches++ < 10) {
                    first.append(String.format("(%d, %d) is 0x%08X, expected 0x%08X%n", x, y, got, want));
                }
            }
        }
        if (mismatches != 0) {
            fail(mismatches + " pixels differ from the README layout, first:\n" + first);
        }
    }

    @Test
    void theFrameDoesNotDependOnTime() throws Exception {
        try (Frames frames = new Frames(renderer)) {
            byte[] a = frames.render(PROGRAM, 0).bytes();
            byte[] b = frames.render(PROGRAM, 1L << 33).bytes();
            assertThat(b).isEqualTo(a);
        }
    }

    /** The README layout for 1280x720. */
    static int expected(int x, int y) {
        boolean left = x < 160;
        boolean right = x >= 1120;
        if (y < ROWS[1]) {
            return left || right ? GREY_40 : BARS[region(BAR_EDGES, x)];
        }
        if (y < ROWS[2]) {
            return left ? CYAN_100 : right ? BLUE_100 : WHITE_75;
        }
        if (y < ROWS[3]) {
            if (left) {
                return YELLOW_100;
            }
            if (right) {
                return RED_100;
            }
            return x < BAR_EDGES[1] ? BLACK : grey(ramp(x - BAR_EDGES[1], 1120 - BAR_EDGES[1]));
        }
        return left || right ? GREY_15 : BOTTOM[region(BOTTOM_EDGES, x)];
    }

    private static int region(int[] edges, int x) {
        for (int i = 0; i < edges.length - 1; i++) {
            if (x >= edges[i] && x < edges[i + 1]) {
                return i;
            }
        }
        throw new IllegalArgumentException("x " + x + " outside the bars");
    }

    /** Ramp pixel {@code i} of {@code n}: {@code round(255 i / (n - 1))}. */
    static int ramp(int i, int n) {
        return (int) Math.round(255.0 * i / (n - 1));
    }

    static int grey(int v) {
        return 0xFF000000 | v << 16 | v << 8 | v;
    }

    static void at(TestFrame f, int x, int y, int want, String what) {
        assertThat(String.format("0x%08X", f.argb(x, y))).as("%s at (%d, %d)", what, x, y)
                .isEqualTo(String.format("0x%08X", want));
    }
}
