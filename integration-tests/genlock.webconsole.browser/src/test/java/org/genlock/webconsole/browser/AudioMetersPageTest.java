package org.genlock.webconsole.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 15, item 5: the Genlock page's audio meters in a real headless Chromium against the
 * exported genlock.jar. The shipped ch1 airs the EBU line-up (1 kHz at -18 dBFS, the left
 * channel interrupted 250 ms every 3 s) on two audio channels: the page draws two bars, the
 * continuous right channel reads -18 dBTP and the stereo pair about -18 LUFS momentary.
 */
class AudioMetersPageTest {

    static final Duration START = Duration.ofSeconds(60);
    static final Path TARGET = Path.of(System.getProperty("genlock.screenshots.dir", "target"));
    /** A full momentary window (400 ms at 50 frames per second is 20 frames) and then some. */
    static final long MEASURED = 50;

    @TempDir
    static Path dir;

    static Distribution platform;
    static Browser browser;

    @BeforeAll
    static void startPlatformAndBrowser() throws Exception {
        browser = Browser.start(Files.createDirectories(dir.resolve("chromium-profile")), TARGET.resolve("chromedriver-audio.log"));
        platform = Distribution.start("genlock.jar", Files.createDirectories(dir.resolve("platform")));
        platform.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
        String password = platform.generatedPassword();
        platform.awaitStatus("/system/console/genlock/api/channels/ch1", "admin", password, 200, START);
        browser.login(platform.origin(), "admin", password, "/system/console/genlock");
    }

    @AfterAll
    static void stop() throws Exception {
        try (Distribution p = platform; Browser b = browser) {
            if (p != null) {
                p.terminate(Duration.ofSeconds(20));
            }
        } finally {
            if (platform != null && Files.exists(platform.log)) {
                Files.copy(platform.log, TARGET.resolve("genlock-platform-audio.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void ch1sLineUpToneShowsOnTheMeters() throws Exception {
        browser.open(platform.origin() + "/system/console/genlock");
        browser.await("ch1's audio meters drawn", d -> !d.findElements(By.cssSelector("#gl-ch1-audio [role=meter]")).isEmpty());
        // the page's first polls may come before the meters have a full window: wait for one,
        // then read what the page shows (one poll updates bars, text and counters together)
        browser.await("ch1's meters have taken in " + MEASURED + " frames", d -> measuredFrames() >= MEASURED
                && Double.isFinite(number("#gl-ch1-audio-tp-2")) && Double.isFinite(number("#gl-ch1-audio-m-0")));
        Object shown = browser.driver.executeScript("var t = function (id) { return document.getElementById(id).textContent; };"
                + "return [t('gl-ch1-audio-tp-1'), t('gl-ch1-audio-sp-1'), t('gl-ch1-audio-tp-2'), t('gl-ch1-audio-sp-2'),"
                + " t('gl-ch1-audio-loudness-0'), t('gl-ch1-audio-m-0'), t('gl-ch1-audio-s-0'), t('gl-ch1-audio-i-0'),"
                + " t('gl-ch1-audio-counters')];");
        System.out.println("audio meters on the page (tp1, sp1, tp2, sp2, group row, M, S, I, counters): " + shown);
        browser.screenshot(TARGET.resolve("genlock-audio-meters.png"));

        List<WebElement> bars = browser.driver.findElements(By.cssSelector("#gl-ch1-audio [role=meter]"));
        assertThat(bars).as("a bar per audio channel of ch1 (audio.channels=2)").hasSize(2);

        double truePeak = number("#gl-ch1-audio-tp-2");
        assertThat(truePeak).as("true peak of the right channel (continuous -18 dBFS tone), as the page shows it")
                .isCloseTo(-18.0, within(0.5));
        assertThat(browser.text("#gl-ch1-audio-tp-2")).endsWith("dBTP");
        // the bar is drawn to the true peak on its -60..0 scale
        WebElement bar = browser.find("#gl-ch1-audio-meter-2");
        double drawn = bar.findElement(By.cssSelector(".gl-meter-fill")).getRect().getWidth()
                / (double) bar.getRect().getWidth();
        assertThat(drawn).as("fraction of the right channel's bar filled").isCloseTo((truePeak + 60) / 60, within(0.03));
        assertThat(Double.parseDouble(bar.getDomAttribute("aria-valuenow"))).isCloseTo(truePeak, within(0.05));

        assertThat(browser.find("#gl-ch1-audio-loudness-0").findElement(By.tagName("td")).getText().strip())
                .as("programme group of the first loudness row").isEqualTo("1/2");
        assertThat(number("#gl-ch1-audio-m-0")).as("momentary loudness of group 1/2 in LUFS, as the page shows it")
                .isBetween(-25.0, -15.0);
        assertThat(browser.driver.findElements(By.cssSelector("#gl-ch1-audio-levels .gl-meter-clip")))
                .as("bars red (above -1 dBTP) for a -18 dBFS tone").isEmpty();
    }

    /** The number at the start of an element's text; NaN while it shows none (silence is "-\u221e"). */
    static double number(String css) {
        String t = browser.text(css);
        try {
            return Double.parseDouble(t.split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static long measuredFrames() {
        String t = browser.text("#gl-ch1-audio-counters");
        return t.isEmpty() ? -1 : Long.parseLong(t.split(" ")[0]);
    }
}
