package org.genlock.shader.timecode.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.genlock.itest.support.render.Pixels.hex;

import java.util.Arrays;
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
import org.genlock.itest.support.render.Pixels;
import org.genlock.itest.support.render.TestFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The timecode shader in a real framework: its service and parameters, and 1280x720 frames
 * rendered by the software renderer with the machine-readable strip exactly as its README
 * specifies (decoding to the display index, also beyond 32 bits) and the timecode box at
 * its documented place and size, showing the timecode and the display index.
 */
@ExtendWith(ServiceExtension.class)
class TimecodeShaderTest {

    static final int W = 1280;
    static final int H = 720;
    static final int WHITE = 0xFFFFFFFF;
    static final int BLACK = 0xFF000000;
    static final int BOX = 0x99000000;
    /** 50 fps: two frame digits, so both lines are 14 glyph cells. */
    static final int COLUMNS = 14;

    static final Program DEFAULTS = Program.of(new Layer("timecode", Map.of()));

    @InjectService(filter = "(genlock.shader.id=timecode)", timeout = 20_000)
    ServiceAware<ShaderProvider> shaders;

    @InjectService(filter = "(genlock.renderer.id=software)", timeout = 20_000)
    Renderer renderer;

    @Test
    void registeredWithItsIdAndDocumentedParameters() {
        ServiceReference<ShaderProvider> ref = shaders.getServiceReference();
        assertThat(ref.getProperty("genlock.shader.id")).isEqualTo("timecode");
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo("genlock.shader.timecode");
        ShaderProvider tc = shaders.getService();
        ShaderInfo info = tc.info();
        assertThat(info.id()).isEqualTo("timecode");
        assertThat(info.name()).isNotBlank();
        assertThat(info.version()).isNotBlank();
        assertThat(info.parameters()).extracting(ShaderParameter::name).containsExactly("position", "size", "strip");
        ShaderParameter position = info.parameters().get(0);
        assertThat(position.type()).isEqualTo(ParameterType.INT);
        assertThat(position.min()).isEqualTo(0L);
        assertThat(position.max()).isEqualTo(8L);
        assertThat(position.defaultValue()).isEqualTo(7L);
        ShaderParameter size = info.parameters().get(1);
        assertThat(size.type()).isEqualTo(ParameterType.FLOAT);
        assertThat(size.min()).isEqualTo(0.25);
        assertThat(size.max()).isEqualTo(4.0);
        assertThat(size.defaultValue()).isEqualTo(1.0);
        ShaderParameter strip = info.parameters().get(2);
        assertThat(strip.type()).isEqualTo(ParameterType.BOOL);
        assertThat(strip.min()).isNull();
        assertThat(strip.max()).isNull();
        assertThat(strip.defaultValue()).isEqualTo(true);

        Optional<CpuKernel> kernel = tc.cpuKernel();
        assertThat(kernel).isPresent();
        assertThat(kernel.get().supports(PixelFormat.BGRA8)).isTrue();
        assertThat(tc.glslFragment()).isNotBlank().contains("vec4 mainImage(vec2 fragCoord)")
                .contains("position").contains("size").contains("strip").doesNotContain("void main");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 50, 123_456_789, (1L << 31) - 1, (1L << 32) - 1, 1L << 32, (1L << 32) + 12_345,
            (1L << 38) + 987_654_321})
    void stripDecodesToTheDisplayIndex(long index) throws Exception {
        TestFrame f;
        try (Frames frames = new Frames(renderer)) {
            f = frames.render(DEFAULTS, index);
        }
        assertThat(Pixels.decodeStrip(f)).isEqualTo(index);
        assertPicture(f, index, 7, 1.0, true);
    }

    @ParameterizedTest
    @CsvSource({"7, 1.0", "4, 2.0", "0, 0.25", "8, 4.0", "1, 1.0", "5, 1.5"})
    void boxHasTheDocumentedPlaceAndSize(int position, double size) throws Exception {
        TestFrame f;
        try (Frames frames = new Frames(renderer)) {
            f = frames.render(Program.of(new Layer("timecode", Map.of("position", position, "size", size))), 4242);
        }
        assertPicture(f, 4242, position, size, true);
    }

    @Test
    void withoutTheStripTheTopRowsAreUntouched() throws Exception {
        TestFrame f;
        try (Frames frames = new Frames(renderer)) {
            f = frames.render(Program.of(new Layer("timecode", Map.of("strip", false))), 99);
        }
        assertPicture(f, 99, 7, 1.0, false);
    }

    @Test
    void firstLineShowsTheTimecodeAndSecondTheDisplayIndex() throws Exception {
        Box box = new Box(7, 1.0);
        try (Frames frames = new Frames(renderer)) {
            TestFrame base = frames.render(DEFAULTS, 1000, 1000);
            TestFrame otherTimecode = frames.render(DEFAULTS, 1000, 1001);
            TestFrame otherIndex = frames.render(DEFAULTS, 1001, 1000);

            assertThat(rows(otherTimecode, 0, 8)).as("strip follows the display index").isEqualTo(rows(base, 0, 8));
            assertThat(rows(otherTimecode, box.line2Top(), box.line2Top() + 7 * box.u))
                    .as("FRM line follows the display index").isEqualTo(rows(base, box.line2Top(), box.line2Top() + 7 * box.u));
            assertThat(rows(otherTimecode, box.line1Top(), box.line1Top() + 7 * box.u))
                    .as("TC line follows the timecode").isNotEqualTo(rows(base, box.line1Top(), box.line1Top() + 7 * box.u));

            assertThat(rows(otherIndex, box.line1Top(), box.line1Top() + 7 * box.u))
                    .as("TC line independent of the display index")
                    .isEqualTo(rows(base, box.line1Top(), box.line1Top() + 7 * box.u));
            assertThat(rows(otherIndex, box.line2Top(), box.line2Top() + 7 * box.u)).as("FRM line changes")
                    .isNotEqualTo(rows(base, box.line2Top(), box.line2Top() + 7 * box.u));

            // the same timecode a day later (50 * 86400 frames) shows the same TC line
            TestFrame dayLater = frames.render(DEFAULTS, 1000, 1000 + 50L * 86_400);
            assertThat(rows(dayLater, box.line1Top(), box.line1Top() + 7 * box.u)).as("timecode wraps at 24 h")
                    .isEqualTo(rows(base, box.line1Top(), box.line1Top() + 7 * box.u));
        }
    }

    /** The box of the README: font pixel u, (6 columns + 3) u by 21 u, placed with a 5 % margin. */
    static final class Box {
        final int u;
        final int x;
        final int y;
        final int w;
        final int h;

        Box(int position, double size) {
            u = Math.max(1, (int) Math.round(size * H / 216.0));
            w = (6 * COLUMNS + 3) * u;
            h = 21 * u;
            x = place(position % 3, W, w);
            y = place(position / 3, H, h);
        }

        private static int place(int slot, int extent, int size) {
            int margin = extent / 20;
            return slot == 0 ? margin : slot == 1 ? (extent - size) / 2 : extent - margin - size;
        }

        boolean contains(int px, int py) {
            return px >= x && px < x + w && py >= y && py < y + h;
        }

        int line1Top() {
            return y + 2 * u;
        }

        int line2Top() {
            return y + 12 * u;
        }

        /** Where glyph pixels may be: the two 7u lines, inside the 2u margin. */
        boolean text(int px, int py) {
            boolean inLine = (py >= line1Top() && py < line1Top() + 7 * u) || (py >= line2Top() && py < line2Top() + 7 * u);
            return inLine && px >= x + 2 * u && px < x + w - 2 * u;
        }
    }

    /**
     * Checks every pixel of a timecode-only frame: strip blocks exactly as specified, the box
     * at its place (60 % black, white only where text can be, some text on both lines) and
     * transparent black everywhere else.
     */
    static void assertPicture(TestFrame f, long index, int position, double size, boolean strip) {
        Box box = new Box(position, size);
        int bad = 0;
        int[] white = new int[2];
        StringBuilder first = new StringBuilder();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int got = f.argb(x, y);
                boolean ok;
                String want;
                if (strip && y < 8 && x < 552) {
                    int k = x / 8;
                    boolean bit = k < 4 ? (0b1011 >>> k & 1) != 0 : k < 68 ? (index >>> (k - 4) & 1) != 0
                            : (Long.bitCount(index) & 1) != 0;
                    ok = got == (bit ? WHITE : BLACK);
                    want = "strip block " + k + " " + (bit ? "white" : "black");
                } else if (box.contains(x, y)) {
                    boolean text = box.text(x, y);
                    ok = got == BOX || (text && got == WHITE);
                    want = text ? "box or text" : "box margin";
                    if (got == WHITE) {
                        white[y < box.line2Top() ? 0 : 1]++;
                    }
                } else {
                    ok = got == 0;
                    want = "untouched (transparent)";
                }
                if (!ok && bad++ < 10) {
                    first.append(String.format("(%d, %d) is %s, expected %s%n", x, y, hex(got), want));
                }
            }
        }
        if (bad != 0) {
            fail(bad + " pixels differ from the README picture (box at " + box.x + ", " + box.y + ", " + box.w + "x"
                    + box.h + "), first:\n" + first);
        }
        assertThat(white[0]).as("text pixels on the TC line").isPositive();
        assertThat(white[1]).as("text pixels on the FRM line").isPositive();
    }

    static byte[] rows(TestFrame f, int y0, int y1) {
        byte[] all = f.bytes();
        return Arrays.copyOfRange(all, y0 * f.rowBytes(), y1 * f.rowBytes());
    }
}
