package app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import app.IntegrationTest;
import orders.ShopClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;

/**
 * The console's browser tests: the shared test application, a real Chromium clicking through the page, and the
 * shop's HTTP API to make things happen. Without a Chromium and chromedriver on the machine they are skipped (CI
 * installs both).
 */
@IntegrationTest
abstract class AbstractConsoleIT {

    private static ConsoleBrowser browser;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate http;
    @Autowired
    Environment environment;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void openBrowser() throws IOException {
        assumeTrue(ConsoleBrowser.available(), "no Chromium and chromedriver at " + ConsoleBrowser.CHROMIUM + ", "
                + ConsoleBrowser.CHROMEDRIVER);
        if (browser == null) {
            browser = new ConsoleBrowser(port, ConsoleBrowser.operator(environment));
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    ConsoleBrowser browser() {
        return browser;
    }

    ShopClient shop() {
        return new ShopClient(http);
    }

    /** A customer with money and a product in stock, so that an order of it completes. */
    String customerWithStock(String customerId, String productId) {
        shop().openAccount(customerId, "1000.00");
        shop().addProduct(productId, "25.00", 100);
        return customerId;
    }

    String placeOrder(String customerId, String productId, int quantity) {
        ResponseEntity<Map> placed = shop().placeOrder(null,
                ShopClient.order(customerId, ShopClient.line(productId, quantity)));
        return ShopClient.orderIdOf(placed);
    }

    static void click(WebElement element) {
        assertThat(element.isDisplayed()).as("visible: " + element).isTrue();
        element.click();
    }
}
