package app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** An order's story: the timeline of every event its request caused, the saga's steps and the final status. */
class ConsoleStoryIT extends AbstractConsoleIT {

    @Test
    void aCompletedOrdersTimelineShowsEveryEventItsRequestCaused() throws IOException {
        String product = "console-story-item-" + run;
        String customer = customerWithStock("console-story-" + run, product);
        String orderId = placeOrder(customer, product, 2);
        awaitEvents(orderId, 6);

        showStory(orderId);

        List<String> types = browser().eventually(() -> typesOnPage(), found -> found.size() == 6);
        assertThat(types).containsExactly("OrderCreated", "PaymentProcessed", "PaymentConfirmed",
                "ProductStockReserved", "InventoryReserved", "OrderCompleted");
        assertThat(browser().text(".card.order .state")).isEqualTo("COMPLETED");
        assertThat(browser().text(".card.order")).contains("saga\nended");
        List<WebElement> steps = browser().all(".timeline .step");
        assertThat(steps.get(0).getAttribute("data-by")).isEqualTo("request");
        assertThat(steps.subList(1, steps.size())).allSatisfy(step ->
                assertThat(step.getAttribute("data-by")).isEqualTo("saga"));
        browser().screenshots("order-story");
    }

    @Test
    void aCancelledOrdersTimelineShowsWhyTheSagaCancelledIt() throws IOException {
        String product = "console-poor-item-" + run;
        String customer = "console-poor-" + run;
        shop().openAccount(customer, "1.00");
        shop().addProduct(product, "25.00", 10);
        String orderId = placeOrder(customer, product, 1);
        awaitEvents(orderId, 3);

        showStory(orderId);

        List<String> types = browser().eventually(() -> typesOnPage(), found -> found.size() == 3);
        assertThat(types).containsExactly("OrderCreated", "PaymentFailed", "OrderCancelled");
        assertThat(browser().text(".card.order .state")).isEqualTo("CANCELLED");
        assertThat(browser().text(".card.order .error-message")).startsWith("Cancelled: Payment failed");
        assertThat(browser().text(".timeline [data-type='PaymentFailed'] .detail")).containsIgnoringCase("insufficient");
        browser().screenshots("order-story-cancelled");
    }

    @Test
    void anUnknownOrderSaysSo() {
        showStory("no-such-order-" + run);

        assertThat(browser().eventually(() -> browser().text("#story-result"), text -> text.startsWith("No events")))
                .isEqualTo("No events of order no-such-order-" + run + " are stored.");
    }

    private void showStory(String orderId) {
        browser().open("story");
        WebElement field = browser().find("#story-order");
        field.clear();
        field.sendKeys(orderId);
        click(browser().find("#story-form button[type='submit']"));
    }

    /** The audit trail follows the store a moment behind; the page is opened once it has caught up. */
    private void awaitEvents(String orderId, int count) {
        browser().eventually(() -> http.getForObject("/console/api/orders/" + orderId + "/story", Map.class),
                story -> story != null && ((List<?>) story.get("steps")).stream()
                        .mapToInt(step -> ((List<?>) ((Map<?, ?>) step).get("events")).size()).sum() == count
                        && story.get("order") != null
                        && List.of("COMPLETED", "CANCELLED").contains(((Map<?, ?>) story.get("order")).get("status")));
    }

    private List<String> typesOnPage() {
        return browser().all(".timeline li.event").stream().map(element -> element.getAttribute("data-type")).toList();
    }
}
