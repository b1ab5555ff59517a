package org.genlock.webconsole.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.genlock.distribution.support.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Web Console as an operator uses it, in a real headless Chromium against the exported
 * genlock.jar: the Genlock page shows ch1 on air; its controls switch the underrun strategy
 * and change the program (a bad one refused with its reason); the renderer bundle stopped,
 * started and updated by upload on the console's Bundles page swaps live while ch1 stays on
 * air; the health charts draw. The steps run in order against one platform and one browser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GenlockPageTest {

    static final Duration START = Duration.ofSeconds(60);
    static final String LEFT_AIR = "(?m)channel ch1: (RUNNING|DEGRADED) -> (?!RUNNING|DEGRADED)\\w+";
    static final String RENDERER = "genlock.render.software";
    static final String NO_PROVIDER = "(none: built-in fallback)";
    /** Frames (at 50 per second) a counter must advance by to count as "increasing". */
    static final long FRAMES = 25;
    static final Path TARGET = Path.of(System.getProperty("genlock.screenshots.dir", "target"));
    static final Path RENDERER_JAR = Path.of(System.getProperty("genlock.renderer.jar",
            "../../bundles/genlock.render.software/target/genlock.render.software-0.1.0.jar"));

    @TempDir
    static Path dir;

    static Distribution platform;
    static Browser browser;
    static OnAirWatch watch;
    static String password;

    @BeforeAll
    static void startPlatformAndBrowser() throws Exception {
        // the browser first: a missing Chromium fails at once, before the platform starts
        browser = Browser.start(Files.createDirectories(dir.resolve("chromium-profile")), TARGET.resolve("chromedriver.log"));
        platform = Distribution.start("genlock.jar", Files.createDirectories(dir.resolve("platform")));
        platform.awaitLog("channel ch1: PREROLLING -> RUNNING", START);
        password = platform.generatedPassword();
        platform.awaitStatus("/system/console/genlock/api/channels/ch1", "admin", password, 200, START);
        watch = new OnAirWatch(platform, password);
        browser.login(platform.origin(), "admin", password, "/system/console/genlock");
    }

    @AfterAll
    static void stop() throws Exception {
        try (Distribution p = platform; Browser b = browser; OnAirWatch w = watch) {
            if (p != null) {
                p.terminate(Duration.ofSeconds(20));
            }
        } finally {
            if (platform != null && Files.exists(platform.log)) {
                Files.copy(platform.log, TARGET.resolve("genlock-platform.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    // ------------------------------------------------------------------ steps

    @Test
    @Order(1)
    void genlockPageShowsCh1OnAirWithFreshFrames() throws Exception {
        openGenlockPage();
        assertThat(browser.text("#gl-statline")).startsWith("1 channel(s); updated");
        assertOnAirOnPage();
        browser.awaitText("#gl-ch1-renderer-bound", "software");
        browser.awaitText("#gl-ch1-strategy-bound", "repeat");
        browser.awaitIncrease("#gl-ch1-counter-fresh", FRAMES);
        assertThat(browser.text("#gl-ch1-format")).startsWith("1080p50");
        assertStayedOnAir();
    }

    @Test
    @Order(2)
    void everyControlOnThePageHasAnAccessibleName() throws Exception {
        openGenlockPage();
        browser.await("selects filled", d -> new Select(browser.find("#gl-ch1-select-policy")).getOptions().size() > 0);
        List<WebElement> controls = browser.driver.findElements(By.cssSelector("input, select, button, textarea"));
        List<WebElement> genlock = browser.driver.findElements(By.cssSelector("#genlock input, #genlock select, "
                + "#genlock button, #genlock textarea"));
        assertThat(genlock).as("controls on the Genlock panel").hasSizeGreaterThanOrEqualTo(12);
        List<String> unnamed = new java.util.ArrayList<>();
        for (WebElement c : controls) {
            String name = c.getAccessibleName();
            String what = c.getTagName() + (c.getDomAttribute("id") == null ? "" : "#" + c.getDomAttribute("id"))
                    + (c.getDomAttribute("type") == null ? "" : "[type=" + c.getDomAttribute("type") + "]");
            System.out.println("accessible name of " + what + ": '" + name + "'");
            if (name == null || name.isBlank()) {
                unnamed.add(what);
            }
        }
        assertThat(unnamed).as("controls on the page without an accessible name (of %d)", controls.size()).isEmpty();
        assertThat(browser.find("#gl-ch1-select-policy").getAccessibleName()).isEqualTo("policy");
        assertThat(browser.find("#gl-ch1-program").getAccessibleName()).startsWith("Program of channel ch1");
    }

    @Test
    @Order(3)
    void engineCountersAndTheRenderLineAreShown() throws Exception {
        openGenlockPage();
        browser.await("render line drawn", d -> browser.text("#gl-ch1-render").startsWith("On air: "));
        Map<?, ?> render = (Map<?, ?>) channel().get("render");
        String line = browser.text("#gl-ch1-render");
        System.out.println("render line: " + line);
        // the shipped ch1: standard policy, 4 frames preroll at 1080p50
        assertThat(line).contains("render ").contains("lead ").contains("output latency 80 ms");
        if (render.get("onAir") != null) {
            assertThat(line).startsWith("On air: " + render.get("onAir"));
        }
        Map<?, ?> engine = (Map<?, ?>) channel().get("engine");
        assertThat(engine).hasSize(11);
        for (Object key : engine.keySet()) {
            assertThat(browser.number("#gl-ch1-engine-" + key)).as("engine counter %s on the page", key)
                    .isNotNegative();
        }
        assertThat(browser.find("#gl-ch1-failure").isDisplayed()).as("no failure line on air").isFalse();
        assertStayedOnAir();
    }

    @Test
    @Order(4)
    void underrunStrategySwitchesWithThePageControl() throws Exception {
        openGenlockPage();
        chooseStrategy("black");
        assertThat(browser.text("#gl-ch1-strategy-bundle")).startsWith("genlock.underrun.black ");
        assertThat(((Map<?, ?>) channel().get("strategy")).get("selected")).as("strategy selected in the API").isEqualTo("black");
        chooseStrategy("repeat");
        assertThat(browser.text("#gl-ch1-strategy-bundle")).startsWith("genlock.underrun.repeat ");
        assertOnAirOnPage();
        assertStayedOnAir();
    }

    @Test
    @Order(5)
    void badProgramIsRefusedWithItsReasonAndAGoodOneApplies() throws Exception {
        openGenlockPage();
        browser.await("program field filled from the API", d -> !browser.find("#gl-ch1-program").getDomProperty("value").isEmpty());
        String before = (String) channel().get("program");
        assertThat(browser.find("#gl-ch1-program").getDomProperty("value")).isEqualTo(before);

        enterProgram("bars | nosuchshader");
        browser.find("#gl-ch1-apply-program").click();
        browser.await("error shown for the bad program", d -> "gl-error".equals(browser.find("#gl-ch1-message").getDomAttribute("class")));
        String error = browser.text("#gl-ch1-message");
        System.out.println("page shows for the bad program: " + error);
        assertThat(error).as("error text on the page").startsWith("Not changed:").contains("nosuchshader");
        assertThat(channel().get("program")).as("program in force after the refusal").isEqualTo(before);
        openGenlockPage(); // the field shows the program in force once nothing is being edited
        browser.await("program field filled", d -> !browser.find("#gl-ch1-program").getDomProperty("value").isEmpty());
        assertThat(browser.find("#gl-ch1-program").getDomProperty("value")).isEqualTo(before);

        String good = "bars | timecode(size=1.5)@0.8";
        enterProgram(good);
        browser.find("#gl-ch1-program").sendKeys(Keys.ENTER); // the field applies on Enter, too
        browser.await("program applied message", d -> browser.text("#gl-ch1-message").startsWith("program set: "));
        assertThat(browser.find("#gl-ch1-message").getDomAttribute("class")).isEqualTo("gl-ok");
        String applied = (String) channel().get("program");
        assertThat(applied).as("program in force").isNotEqualTo(before).contains("timecode(size=1.5)").contains("0.8");
        assertThat(browser.text("#gl-ch1-message")).isEqualTo("program set: " + applied);

        enterProgram(before); // back to the shipped program for the steps that follow
        browser.find("#gl-ch1-apply-program").click();
        browser.await("shipped program restored", d -> browser.text("#gl-ch1-message").equals("program set: " + before));
        assertOnAirOnPage();
        assertStayedOnAir();
    }

    @Test
    @Order(6)
    void rendererStoppedAndStartedOnTheBundlesPageSwapsLiveOnAir() throws Exception {
        clickBundleAction(RENDERER, "Stop", "Resolved");
        openGenlockPage();
        browser.awaitText("#gl-ch1-renderer-bound", NO_PROVIDER);
        browser.awaitIncrease("#gl-ch1-counter-nonFresh", FRAMES);
        // frames rendered before the stop may still air from the ready queue: count from here
        long fresh = browser.number("#gl-ch1-counter-fresh");
        browser.awaitIncrease("#gl-ch1-counter-nonFresh", FRAMES);
        assertOnAirOnPage();
        assertThat(browser.number("#gl-ch1-counter-fresh")).as("fresh frames without a renderer").isEqualTo(fresh);

        clickBundleAction(RENDERER, "Start", "Active");
        openGenlockPage();
        browser.awaitText("#gl-ch1-renderer-bound", "software");
        browser.awaitIncrease("#gl-ch1-counter-fresh", FRAMES);
        assertOnAirOnPage();
        platform.awaitLog("channel ch1: renderer software -> \\(none\\)", START);
        platform.awaitLog("channel ch1: renderer \\(none\\) -> software", START);
        assertStayedOnAir();
    }

    @Test
    @Order(7)
    void rendererUpdatedByUploadOnTheBundlesPageStaysOnAir() throws Exception {
        assertThat(RENDERER_JAR).as("renderer bundle to upload (build bundles/" + RENDERER + ")").isRegularFile();
        long id = bundleId(RENDERER);
        String modifiedBefore = lastModification(id);
        Object serviceBefore = bound("renderer").get("serviceId");

        openBundlesPage();
        browser.find("button.installButton").click();
        WebElement dialog = browser.await("upload dialog open", ExpectedConditions.visibilityOfElementLocated(By.id("uploadDialog")));
        WebElement start = dialog.findElement(By.name("bundlestart"));
        if (!start.isSelected()) {
            start.click();
        }
        // chromedriver takes only a canonical path for a file input
        dialog.findElement(By.cssSelector("input[type=file][name=bundlefile]")).sendKeys(RENDERER_JAR.toRealPath().toString());
        browser.driver.findElement(By.xpath("//div[contains(@class,'ui-dialog')][.//div[@id='uploadDialog']]"
                + "//button[normalize-space(.)='Install or Update']")).click();
        browser.await("upload submitted (page reloaded)", ExpectedConditions.stalenessOf(dialog));

        browser.await("bundle " + id + " updated in place (Last Modification was " + modifiedBefore + ")", d -> {
            try {
                return !lastModification(id).equals(modifiedBefore) && "Active".equals(bundle(id).get("state"));
            } catch (Exception e) {
                return false;
            }
        });
        System.out.println(RENDERER + " (bundle " + id + ") Last Modification " + modifiedBefore + " -> "
                + lastModification(id));
        assertThat(bundles().stream().filter(b -> RENDERER.equals(b.get("symbolicName"))))
                .as("one " + RENDERER + " after the upload (updated, not installed beside)").hasSize(1);
        openBundlesPage();
        assertThat(bundleRow(RENDERER).getDomAttribute("id")).isEqualTo("entry" + id);
        browser.await(RENDERER + " shows Active on the Bundles page after the upload",
                d -> "Active".equals(bundleRow(RENDERER).findElements(By.tagName("td")).get(4).getText().strip()));
        browser.screenshot(TARGET.resolve("bundles-page.png"));

        openGenlockPage();
        browser.awaitText("#gl-ch1-renderer-bound", "software");
        browser.await("renderer service re-registered by the update", d -> {
            try {
                return !serviceBefore.equals(bound("renderer").get("serviceId"));
            } catch (Exception e) {
                return false;
            }
        });
        browser.awaitIncrease("#gl-ch1-counter-fresh", FRAMES);
        assertOnAirOnPage();
        assertStayedOnAir();
    }

    @Test
    @Order(8)
    void pageScreenshotAndHealthCharts() throws Exception {
        openGenlockPage();
        browser.awaitText("#gl-ch1-renderer-bound", "software");
        browser.await("preview image loaded", d -> Boolean.TRUE.equals(browser.driver.executeScript(
                "var i = document.getElementById('gl-ch1-preview'); return i.complete && i.naturalWidth > 0;")));
        Path shot = TARGET.resolve("genlock-page.png");
        browser.screenshot(shot);
        assertThat(Files.size(shot)).as(shot + " written").isGreaterThan(10_000);
        try {
            // a 404 from the series endpoint is final: stop waiting and report what the page says
            browser.await("three uPlot charts drawn", d -> d.findElements(By.cssSelector("#gl-ch1-charts canvas")).size() >= 3
                    || browser.text("#gl-ch1-chart-note").contains("HTTP 404"));
        } finally {
            browser.screenshot(shot);
        }
        assertThat(browser.driver.findElements(By.cssSelector("#gl-ch1-charts canvas")))
                .as("chart canvases in #gl-ch1-charts; the page's chart note says '%s'", browser.text("#gl-ch1-chart-note"))
                .hasSizeGreaterThanOrEqualTo(3);
        assertStayedOnAir();
    }

    // ------------------------------------------------------------------ page helpers

    static void openGenlockPage() {
        browser.open(platform.origin() + "/system/console/genlock");
        browser.await("ch1 panel drawn", d -> d.findElement(By.id("genlock-channel-ch1")).isDisplayed());
        browser.await("ch1 state shown", d -> !browser.text("#gl-ch1-state").isEmpty());
    }

    static void assertOnAirOnPage() {
        assertThat(browser.text("#gl-ch1-tally")).as("tally").isEqualTo("ON AIR");
        assertThat(browser.text("#gl-ch1-state")).as("state on the page").isIn("RUNNING", "DEGRADED");
    }

    static void chooseStrategy(String id) {
        browser.await("strategy " + id + " offered", d -> new Select(browser.find("#gl-ch1-select-strategy")).getOptions()
                .stream().anyMatch(o -> id.equals(o.getDomProperty("value"))));
        new Select(browser.find("#gl-ch1-select-strategy")).selectByValue(id);
        browser.find("#gl-ch1-apply-strategy").click();
        browser.awaitText("#gl-ch1-strategy-bound", id);
        assertThat(browser.find("#gl-ch1-message").getDomAttribute("class")).isEqualTo("gl-ok");
        assertThat(browser.text("#gl-ch1-message")).startsWith("strategy " + id + " selected");
    }

    static void enterProgram(String text) {
        WebElement field = browser.find("#gl-ch1-program");
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
        assertThat(field.getDomProperty("value")).isEqualTo(text);
    }

    static void openBundlesPage() {
        browser.open(platform.origin() + "/system/console/bundles");
        browser.await("bundle list drawn", d -> bundleRow(RENDERER).isDisplayed());
    }

    static WebElement bundleRow(String bsn) {
        return browser.driver.findElement(By.xpath("//table[@id='plugin_table']//tr[starts-with(@id,'entry')]"
                + "[.//span[contains(@class,'symName') and normalize-space(.)='" + bsn + "']]"));
    }

    /** Clicks the action icon ({@code title} Start or Stop) in the bundle's row and waits for its status cell. */
    static void clickBundleAction(String bsn, String action, String status) {
        openBundlesPage();
        bundleRow(bsn).findElement(By.cssSelector("li[title='" + action + "']")).click();
        browser.await(bsn + " shows " + status + " after " + action, d -> status.equals(
                bundleRow(bsn).findElements(By.tagName("td")).get(4).getText().strip()));
    }

    // ------------------------------------------------------------------ HTTP helpers

    static void assertStayedOnAir() throws Exception {
        assertThat(watch.polls()).as("on-air polls answered (last error: %s)", watch.lastError()).isPositive();
        assertThat(watch.offAir()).as("ch1 polled off air").isEmpty();
        assertThat(platform.log()).as("ch1 left RUNNING/DEGRADED in the log").doesNotContainPattern(LEFT_AIR);
    }

    static Map<?, ?> json(String path) throws Exception {
        var r = platform.get(path, "admin", password);
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return new Json().toType(r.body(), Map.class);
    }

    static Map<?, ?> channel() throws Exception {
        return json("/system/console/genlock/api/channels/ch1");
    }

    static Map<?, ?> bound(String kind) throws Exception {
        Object bound = ((Map<?, ?>) channel().get(kind)).get("bound");
        assertThat(bound).as(kind + " bound").isInstanceOf(Map.class);
        return (Map<?, ?>) bound;
    }

    @SuppressWarnings("unchecked")
    static List<Map<?, ?>> bundles() throws Exception {
        return (List<Map<?, ?>>) json("/system/console/bundles.json").get("data");
    }

    static long bundleId(String bsn) throws Exception {
        return bundles().stream().filter(b -> bsn.equals(b.get("symbolicName")))
                .map(b -> ((Number) b.get("id")).longValue()).findFirst()
                .orElseThrow(() -> new AssertionError(bsn + " not in bundles.json"));
    }

    static Map<?, ?> bundle(long id) throws Exception {
        return (Map<?, ?>) ((List<?>) json("/system/console/bundles/" + id + ".json").get("data")).get(0);
    }

    static String lastModification(long id) throws Exception {
        return ((List<?>) bundle(id).get("props")).stream().map(p -> (Map<?, ?>) p)
                .filter(p -> "Last Modification".equals(p.get("key"))).map(p -> String.valueOf(p.get("value")))
                .findFirst().orElseThrow(() -> new AssertionError("bundle " + id + " has no Last Modification"));
    }
}
