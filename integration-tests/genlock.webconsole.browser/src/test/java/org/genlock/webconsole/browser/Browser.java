package org.genlock.webconsole.browser;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through the Debian chromedriver: the browser and driver
 * binaries are given explicitly, so Selenium Manager never looks for (or downloads) either.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("genlock.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("genlock.chromedriver", "/usr/bin/chromedriver"));
    /** Generous: the machine is shared, and the page polls its API once a second. */
    static final Duration WAIT = Duration.ofSeconds(30);

    /*
     * Selenium warns that it has no DevTools (CDP) binding for this Chromium version; this test
     * uses WebDriver only, never CDP. Strong references: java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger[] QUIET = {
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver")};

    static {
        for (java.util.logging.Logger l : QUIET) {
            l.setLevel(java.util.logging.Level.SEVERE);
        }
    }

    final ChromeDriver driver;
    private final ChromeDriverService service;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts Chromium with a fresh profile in {@code userDataDir}; fails (never skips) if it is missing. */
    static Browser start(Path userDataDir, Path driverLog) {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: this test drives a real headless Chromium; install "
                        + "the Debian packages with `apt-get install chromium chromium-driver`");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags TOOLCHAIN.md lists as working headless as root on these machines
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + userDataDir.toAbsolutePath(), "--window-size=1600,1400");
        try {
            return new Browser(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw new AssertionError("could not start " + CHROMIUM + " through " + CHROMEDRIVER + " (driver log: "
                    + driverLog + "): " + e.getMessage(), e);
        }
    }

    /**
     * Logs in with HTTP basic auth by opening one URL that carries the credentials; Chromium
     * keeps them for the origin, so later pages (and the page scripts' fetches) go without.
     */
    void login(String origin, String user, String password, String path) {
        String authority = origin.replaceFirst("^http://", "");
        driver.get("http://" + userInfo(user) + ":" + userInfo(password) + "@" + authority + path);
    }

    private static String userInfo(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText().strip();
    }

    /** Waits until {@code condition} returns a non-null, non-false value; fails with {@code what}. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .withMessage(what)
                .until(condition);
    }

    /** Waits until the element's text is {@code expected}; fails showing the last text seen. */
    void awaitText(String css, String expected) {
        String[] last = {"(element absent)"};
        try {
            await(css + " shows '" + expected + "'", d -> {
                last[0] = text(css);
                return last[0].equals(expected);
            });
        } catch (RuntimeException e) {
            throw new AssertionError(css + " never showed '" + expected + "' within " + WAIT + "; last: '" + last[0]
                    + "'", e);
        }
    }

    /** The number an element shows (a counter cell); -1 while it is still empty. */
    long number(String css) {
        String t = text(css);
        return t.isEmpty() ? -1 : Long.parseLong(t);
    }

    /** Waits until the counter shows at least {@code by} more than it shows now; returns the new value. */
    long awaitIncrease(String css, long by) {
        long start = await(css + " shows a number", d -> {
            long n = number(css);
            return n >= 0 ? n : null;
        });
        long[] last = {start};
        try {
            return await(css + " increases by " + by + " from " + start, d -> {
                last[0] = number(css);
                return last[0] >= start + by ? last[0] : null;
            });
        } catch (RuntimeException e) {
            throw new AssertionError(css + " did not increase by " + by + " from " + start + " within " + WAIT
                    + "; last: " + last[0], e);
        }
    }

    void screenshot(Path file) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(file.getParent());
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
