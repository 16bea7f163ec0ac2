package app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

import app.IntegrationTest;
import app.TestUsers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Swagger UI in a real browser (the system's headless Chromium): a customer logs in through the Authorize dialog
 * with HTTP Basic, then places an order with "Try it out". The screenshot is left in target/ to look at.
 */
@IntegrationTest
class SwaggerUiLoginIT {

    static final Path SCREENSHOT = Path.of("target", "swagger-ui-try-it-out.png");

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;

    @Test
    void aCustomerLogsInThroughAuthorizeAndPlacesAnOrderWithTryItOut() throws Exception {
        // CI installs them; a developer's machine without them skips this test, as the console's browser tests do
        assumeTrue(new java.io.File("/usr/bin/chromium").canExecute()
                && new java.io.File("/usr/bin/chromedriver").canExecute(), "needs Debian's chromium and chromium-driver");
        String productId = "swagger-" + UUID.randomUUID().toString().substring(0, 8);
        prepare(productId);
        Path profile = Files.createTempDirectory("swagger-ui-chromium");
        WebDriver browser = chromium(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get("http://localhost:" + port + "/swagger-ui.html");

            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.btn.authorize"))).click();
            WebElement basic = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//div[contains(@class,'auth-container')][.//h4[contains(., 'basic')]]")));
            basic.findElement(By.cssSelector("input[type=text]")).sendKeys(TestUsers.CUSTOMER_A);
            basic.findElement(By.cssSelector("input[type=password]")).sendKeys(TestUsers.CUSTOMER_A_PASSWORD);
            basic.findElement(By.cssSelector("button.authorize")).click();
            wait.until(ExpectedConditions.textToBePresentInElement(basic, "Authorized"));
            browser.findElement(By.cssSelector("button.btn-done")).click();

            WebElement placeOrder = browser.findElement(By.xpath("//div[contains(@class,'opblock-post')]"
                    + "[.//*[contains(@class,'opblock-summary-path') and @data-path='/api/orders']]"));
            placeOrder.findElement(By.cssSelector(".opblock-summary")).click();
            wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(placeOrder,
                    By.cssSelector("button.try-out__btn"))).click();
            WebElement body = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(placeOrder,
                    By.cssSelector("textarea.body-param__text")));
            body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            body.sendKeys("{\"items\": [{\"productId\": \"" + productId + "\", \"quantity\": 1}]}");
            placeOrder.findElement(By.cssSelector("button.execute")).click();

            WebElement status = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(placeOrder,
                    By.cssSelector(".live-responses-table tr.response .response-col_status")));
            String curl = placeOrder.findElement(By.cssSelector(".curl-command")).getText();
            String answer = placeOrder.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description"))
                    .getText();
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                    placeOrder.findElement(By.cssSelector(".curl-command")));

            assertThat(status.getText()).as("Try it out's answer").startsWith("202");
            assertThat(curl).as("Swagger UI sent the login").contains("Authorization: Basic");
            JsonNode accepted = new ObjectMapper().readTree(answer.substring(answer.indexOf('{'),
                    answer.lastIndexOf('}') + 1));
            JsonNode order = new ObjectMapper().readTree(exchange(HttpMethod.GET, "/api/orders/"
                    + accepted.path("orderId").asText(), null, "wait=30"));
            assertThat(order.path("customerId").asText()).as("ordered for the login").isEqualTo(TestUsers.CUSTOMER_A);
        } finally {
            screenshot(browser);
            browser.quit();
        }
    }

    private void prepare(String productId) {
        exchange(HttpMethod.POST, "/api/products", "{\"productId\": \"" + productId
                + "\", \"name\": \"Tried out\", \"price\": 1.00, \"initialStock\": 10}", null);
        exchange(HttpMethod.POST, "/api/accounts", "{\"customerId\": \"" + TestUsers.CUSTOMER_A
                + "\", \"initialDeposit\": 100}", null);
    }

    private String exchange(HttpMethod method, String path, String json, String prefer) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (prefer != null) {
            headers.set("Prefer", prefer);
        }
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class).getBody();
    }

    /** The system's Chromium and its chromedriver, offline: nothing is downloaded. */
    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser) throws IOException {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }
}
