package app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The live feed: a new order's events appear as they are stored, narrowed by a filter, each with its envelope. */
class ConsoleLiveEventsIT extends AbstractConsoleIT {

    @Test
    void aNewOrdersEventsAppearInTheLiveFeedWithTheirEnvelope() throws IOException {
        String product = "console-live-item-" + run;
        String customer = customerWithStock("console-live-" + run, product);
        browser().open("live");
        browser().eventually(() -> browser().find("#live-status").getAttribute("data-connected"), "true"::equals);

        String orderId = placeOrder(customer, product, 1);

        browser().eventually(() -> typesOf("li.event[data-aggregate='" + orderId + "']"),
                types -> types.containsAll(List.of("OrderCreated", "PaymentConfirmed", "OrderCompleted")));
        assertThat(typesOf("li.event[data-aggregate='account-" + customer + "']")).contains("PaymentProcessed");
        WebElement created = browser().find("li.event[data-aggregate='" + orderId + "'][data-type='OrderCreated']");
        assertThat(created.findElement(By.cssSelector(".envelope")).isDisplayed()).isFalse();
        click(created.findElement(By.cssSelector("summary")));
        String envelope = created.findElement(By.cssSelector(".envelope")).getText();
        assertThat(envelope).contains("\"eventType\": \"OrderCreated\"", "\"correlationId\"", "\"causationId\"",
                "\"source\": \"orders\"", "\"customerId\": \"" + customer + "\"");
        browser().screenshots("live-events");
    }

    @Test
    void theFeedShowsOnlyTheEventsItIsFilteredTo() {
        String product = "console-filter-item-" + run;
        String customer = customerWithStock("console-filter-" + run, product);
        browser().open("live");
        browser().find("#live-type").clear();
        browser().find("#live-type").sendKeys("OrderCompleted");
        click(browser().find("#live-filter button[type='submit']"));
        browser().eventually(() -> browser().find("#live-status").getAttribute("data-connected"), "true"::equals);

        String orderId = placeOrder(customer, product, 1);

        browser().eventually(() -> typesOf("li.event[data-aggregate='" + orderId + "']"),
                types -> types.contains("OrderCompleted"));
        assertThat(typesOf("li.event")).containsOnly("OrderCompleted");
        browser().find("#live-type").clear();
    }

    private List<String> typesOf(String css) {
        return browser().all(css).stream().map(element -> element.getAttribute("data-type")).toList();
    }
}
