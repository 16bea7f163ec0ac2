package app.console;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.core.env.Environment;
import org.springframework.util.FileSystemUtils;

/**
 * The system's headless Chromium, driven through the system's chromedriver (never one downloaded at run time),
 * pointed at the console of the application under test. Every page is opened through {@link #open}, so that the
 * operator's credentials are added in one place.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("test.chromedriver", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final int WIDE = 1280;
    static final int NARROW = 390;

    /** True once every chart has been drawn again at its card's width (the page redraws them on resize). */
    private static final String CHARTS_FIT = "return [...document.querySelectorAll('.chart')].every(c => !c.chart"
            + " || Math.abs(c.chart.width - Math.max(240, c.clientWidth)) < 2)";

    private final String baseUrl;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    ConsoleBrowser(int port, UsernameAndPassword operator) throws IOException {
        this.baseUrl = "http://localhost:" + port;
        this.profile = Files.createTempDirectory("console-chromium-");
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=" + profile.toAbsolutePath());
        this.driver = new ChromeDriver(service, options);
        if (operator != null) {
            // A header on every request the page makes, streams included: Selenium's own authentication intercepts
            // each response, and a server-sent-event stream never reaches the page that way.
            String basic = Base64.getEncoder().encodeToString(
                    (operator.username() + ":" + operator.password()).getBytes(StandardCharsets.UTF_8));
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                    Map.of("headers", Map.of("Authorization", "Basic " + basic)));
        }
        resize(WIDE);
    }

    /**
     * The operator the console is opened as: none while the console is open to all, the configured test operator
     * once it asks for one.
     */
    static UsernameAndPassword operator(Environment environment) {
        String user = environment.getProperty("eventshop.test.console.username");
        return user == null ? null
                : new UsernameAndPassword(user, environment.getProperty("eventshop.test.console.password", ""));
    }

    static boolean available() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    /** {@code view} is the console's fragment, such as {@code dead-letters}. */
    void open(String view) {
        driver.get(baseUrl + "/console#" + view);
    }

    ChromeDriver driver() {
        return driver;
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The first element matching, once there is one. */
    WebElement find(String css) {
        return eventually(() -> all(css), found -> !found.isEmpty()).get(0);
    }

    /** Clicks the first element matching, found afresh on each try: the page redraws what changes. */
    void click(String css) {
        eventually(() -> {
            WebElement element = all(css).get(0);
            element.click();
            return true;
        }, Boolean.TRUE::equals);
    }

    /** The text of the first element matching, or empty when there is none. */
    String text(String css) {
        return eventually(() -> {
            List<WebElement> found = all(css);
            return found.isEmpty() ? "" : found.get(0).getText();
        }, text -> true);
    }

    <T> T eventually(Callable<T> read, Predicate<T> until) {
        return eventually(Duration.ofSeconds(30), read, until);
    }

    <T> T eventually(Duration atMost, Callable<T> read, Predicate<T> until) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(read, until::test);
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    void resize(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
        int inner = ((Number) script("return window.innerWidth")).intValue();
        if (inner != width) {
            driver.manage().window().setSize(new Dimension(2 * width - inner, 900));
        }
    }

    /**
     * The whole page, at both widths, as {@code <name>-1280.png} and {@code <name>-390.png}: laid out in a window of
     * that width, captured beyond the window's height by the browser itself.
     */
    void screenshots(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        for (int width : new int[] {WIDE, NARROW}) {
            resize(width);
            eventually(() -> script(CHARTS_FIT), Boolean.TRUE::equals);
            Map<String, Object> layout = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Number height = (Number) ((Map<?, ?>) layout.get("cssContentSize")).get("height");
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width,
                            "height", Math.min(6000, height.intValue()), "scale", 1)));
            Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"),
                    Base64.getDecoder().decode((String) shot.get("data")));
        }
        resize(WIDE);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }
}
