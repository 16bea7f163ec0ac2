package app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The processors view: each processor's state and lag, and a replay asked for from the page. */
class ConsoleProcessorsIT extends AbstractConsoleIT {

    @Test
    void showsEachProcessorsStateLagAndWhoHoldsItsSegments() throws IOException {
        String customer = customerWithStock("console-proc-" + run, "console-proc-item-" + run);
        placeOrder(customer, "console-proc-item-" + run, 1);

        browser().open("processors");

        String card = "[data-processor='order-summary']";
        browser().find(card);
        browser().eventually(() -> browser().text(card + " .state"), "running"::equals);
        String lag = browser().eventually(() -> browser().text(card + " .fact.lag .value"),
                text -> text.matches("[\\d,]+ events"));
        assertThat(lag).endsWith("events");
        assertThat(browser().text(card + " .fact.position .value")).matches("[\\d,]+");
        assertThat(browser().text(card + " .segments td.owner")).contains("this instance");
        assertThat(browser().all(card + " .chart .uplot")).as("the chart of its last minutes").hasSize(1);
        assertThat(browser().all("[data-processor]")).extracting(element -> element.getAttribute("data-processor"))
                .contains("order-saga", "order-summary", "customer-stats", "product-stock", "account-balance",
                        "audit-correlation");
        browser().screenshots("processors");
    }

    @Test
    void aReplayStartedFromThePageRebuildsTheProjectionAndThePageShowsItFinished() throws IOException {
        String customer = customerWithStock("console-replay-" + run, "console-replay-item-" + run);
        placeOrder(customer, "console-replay-item-" + run, 2);
        browser().eventually(() -> orderCount(customer), count -> count == 1);

        browser().open("processors");
        String card = "[data-processor='customer-stats']";
        browser().click(card + " button.replay");
        browser().find("dialog#confirm[open]");
        assertThat(browser().find("#replay-full").isSelected()).as("a full replay is the default").isTrue();
        browser().screenshots("replay-confirmation");
        click(browser().find("#confirm-ok"));

        String shown = browser().eventually(() -> browser().text(card + " .replay-status"),
                text -> text.contains("finished at"));
        assertThat(shown).startsWith("Replay from the start");
        assertThat(browser().text(card + " .state")).isEqualTo("running");
        assertThat(browser().eventually(() -> orderCount(customer), count -> count == 1))
                .as("the rebuilt projection counts the order again").isEqualTo(1);
        Map<?, ?> status = http.getForObject("/api/admin/processors/customer-stats", Map.class);
        assertThat(status.get("replaying")).isEqualTo(false);
        browser().screenshots("replay-finished");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReplayCancelledInItsConfirmationDoesNotHappen() {
        browser().open("processors");
        String card = "[data-processor='product-stock']";
        browser().click(card + " button.replay");
        click(browser().find("#confirm-cancel"));

        assertThat(browser().all("dialog#confirm[open]")).isEmpty();
        assertThat(browser().find(card + " .replay-status").isDisplayed()).isFalse();
        List<Map<String, Object>> processors = (List<Map<String, Object>>) http.getForObject("/console/api/processors",
                Map.class).get("processors");
        assertThat(processors).filteredOn(processor -> processor.get("name").equals("product-stock")).singleElement()
                .satisfies(processor -> assertThat(processor).doesNotContainKey("replay"));
    }

    private int orderCount(String customerId) {
        Map<?, ?> stats = http.getForObject("/api/customers/" + customerId + "/stats", Map.class);
        return stats == null || stats.get("orderCount") == null ? 0 : ((Number) stats.get("orderCount")).intValue();
    }
}
