package org.genlock.distribution.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as an operator sees it: channel ch1 from the shipped configs/
 * goes on air on the clock device, its snapshot shows colour bars with an advancing burnt-in
 * timecode, and policy and strategy bundles stopped and started from the Gogo shell swap
 * live without the channel ever leaving the air, and the genlock:* commands and the HTTP API
 * operate ch1 with the choice written back to its config file.
 */
class OnAirTest {

    static final Duration START = Duration.ofSeconds(60);
    static final Pattern RUNNING = Pattern.compile("channel ch1: PREROLLING -> RUNNING");
    static final Pattern LEFT_AIR = Pattern.compile("channel ch1: (RUNNING|DEGRADED) -> (?!RUNNING|DEGRADED)(\\w+)");

    @TempDir
    Path dir;

    @Test
    void ch1GoesOnAirWithBarsAndAnAdvancingTimecode() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir)) {
            long started = System.nanoTime();
            d.awaitLog(RUNNING.pattern(), START);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("ch1 RUNNING " + millis + " ms after java -jar");
            assertThat(millis).as("ms from java -jar to ch1 RUNNING (sanity bound)").isLessThan(20_000);

            Path snapshot = dir.resolve(".genlock/output/clock-snapshot.jpg");
            BufferedImage first = awaitSnapshot(snapshot, -1);
            long firstIndex = stripIndex(first);
            assertThat(first.getWidth()).isEqualTo(1920);
            assertThat(first.getHeight()).isEqualTo(1080);
            // RP 219 75% bars, centres of bars 1..7 on the top row (full-range 8-bit).
            int[][] bars = {{191, 191, 191}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0}, {191, 0, 191}, {191, 0, 0}, {0, 0, 191}};
            int[] centres = {343, 548, 754, 960, 1166, 1371, 1577};
            for (int i = 0; i < bars.length; i++) {
                assertRgb(first, centres[i], 300, bars[i], "bar " + (i + 1));
            }
            assertRgb(first, 120, 300, new int[] {102, 102, 102}, "40% grey pillar");

            BufferedImage second = awaitSnapshot(snapshot, firstIndex);
            long secondIndex = stripIndex(second);
            assertThat(secondIndex).as("display index burnt into a later snapshot").isGreaterThan(firstIndex);
            assertThat(d.log()).doesNotContainPattern(LEFT_AIR);
            d.terminate(Duration.ofSeconds(15));
            assertThat(d.log()).contains("channel ch1: RUNNING -> STOPPING").contains("Genlock stopped cleanly");
        }
    }

    @Test
    void policyAndStrategyBundlesStoppedAndStartedInGogoSwapLiveOnAir() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir, true)) {
            d.awaitLog(RUNNING.pattern(), START);
            long policy = d.bundleId("genlock.policy.standard");
            long strategy = d.bundleId("genlock.underrun.repeat");

            d.gogo("stop " + policy);
            d.awaitLog("channel ch1: policy standard -> \\(none\\)", START);
            d.gogo("start " + policy);
            d.awaitLog("channel ch1: policy \\(none\\) -> standard", START);

            d.gogo("stop " + strategy);
            d.awaitLog("channel ch1: strategy repeat -> \\(none\\)", START);
            d.gogo("start " + strategy);
            d.awaitLog("channel ch1: strategy \\(none\\) -> repeat", START);

            Thread.sleep(1000);
            assertThat(d.log()).as("ch1 never left RUNNING/DEGRADED").doesNotContainPattern(LEFT_AIR);
            assertThat(count(d.log(), "channel ch1: UNINITIALIZED -> DISCOVERING")).as("channel starts").isEqualTo(1);
            assertThat(count(d.log(), "opened for 1080p50")).as("device sessions opened").isEqualTo(1);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    @Test
    void shellAndHttpApiOperateCh1AndTheChoicePersistsInItsConfigFile() throws Exception {
        try (Distribution d = Distribution.start("genlock.jar", dir, true)) {
            d.awaitLog(RUNNING.pattern(), START);
            d.gogo("genlock:policy ch1 lowlatency");
            d.awaitLog("channel ch1: policy standard -> lowlatency", START);
            d.gogo("genlock:policy ch1 fastest");
            d.awaitLog("unknown policy 'fastest'; registered: lowlatency, standard", START);

            String password = d.generatedPassword();
            d.awaitStatus("/genlock/api/channels/ch1", "admin", password, 200, START);
            assertThat(d.get("/genlock/api/channels/ch1", "admin", password).body())
                    .contains("\"policy\":{\"selected\":\"lowlatency\"", "\"bundle\":\"genlock.policy.lowlatency\"");
            assertThat(d.get("/genlock/api/channels/ch1/preview.jpg", "admin", password).statusCode()).isEqualTo(200);
            d.awaitStatus("/genlock/api/channels/ch1/health", "admin", password, 200, START);
            assertThat(d.get("/system/console/genlock", "admin", password).body()).contains("id=\"genlock\"");

            // FileInstall writes the selection back to the shipped file, so it survives a restart
            Path cfg = dir.resolve("configs/genlock.channel-ch1.cfg");
            long deadline = System.nanoTime() + START.toNanos();
            while (!Files.readString(cfg).matches("(?s).*policy\\.target\\s*=\\s*\\(genlock\\.policy\\.id=lowlatency\\).*")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(cfg)).containsPattern("policy\\.target\\s*=\\s*\\(genlock\\.policy\\.id=lowlatency\\)");
            assertThat(d.log()).doesNotContainPattern(LEFT_AIR);
            d.terminate(Duration.ofSeconds(15));
        }
    }

    static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
            n++;
        }
        return n;
    }

    /** Waits for a decodable snapshot whose burnt-in index is greater than {@code after}. */
    static BufferedImage awaitSnapshot(Path file, long after) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                BufferedImage img = ImageIO.read(file.toFile());
                if (img != null && stripIndex(img) > after) {
                    return img;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no snapshot newer than display index " + after + " at " + file);
    }

    /**
     * Decodes the timecode shader's machine-readable strip (see genlock.shader.timecode's
     * README): 8x8 blocks along the top rows, marker 1101, 64 bits of the display index LSB
     * first, then odd parity. Returns -1 if there is no valid strip.
     */
    static long stripIndex(BufferedImage img) {
        int[] marker = {1, 1, 0, 1};
        for (int k = 0; k < 4; k++) {
            if (bit(img, k) != marker[k]) {
                return -1;
            }
        }
        long index = 0;
        for (int i = 0; i < 64; i++) {
            index |= (long) bit(img, 4 + i) << i;
        }
        int parity = Long.bitCount(index) & 1;
        return bit(img, 68) == parity ? index : -1;
    }

    static int bit(BufferedImage img, int block) {
        int green = (img.getRGB(8 * block + 4, 4) >> 8) & 0xff;
        return green >= 128 ? 1 : 0;
    }

    static void assertRgb(BufferedImage img, int x, int y, int[] rgb, String what) {
        int p = img.getRGB(x, y);
        int[] got = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
        for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(got[c] - rgb[c])).as("%s at (%d,%d): got %s, want %s (JPEG tolerance 12)", what, x, y,
                    java.util.Arrays.toString(got), java.util.Arrays.toString(rgb)).isLessThanOrEqualTo(12);
        }
    }
}
