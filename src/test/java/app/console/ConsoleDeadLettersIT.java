package app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import app.operations.DeadLetterDrill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dead letters view, with the test-only projection that fails for chosen customers: a poison event shows up
 * with its cause and tries, an evicted sequence leaves after a confirmation, and a retry after the fix drains the
 * queue.
 */
class ConsoleDeadLettersIT extends AbstractConsoleIT {

    private final String poisoned = "console-dlq-" + run;
    private final String evicted = "console-evict-" + run;

    @AfterEach
    void heal() {
        DeadLetterDrill.recoverFor(poisoned);
        DeadLetterDrill.recoverFor(evicted);
    }

    @Test
    void aPoisonEventIsShownWithItsCauseAndARetryAfterTheFixDrainsIt() throws IOException {
        DeadLetterDrill.failFor(poisoned);
        DeadLetterDrill.failFor(evicted);
        shop().openAccount(poisoned, "30.00");
        shop().openAccount(evicted, "20.00");

        browser().open("dead-letters");
        String group = "[data-group='" + DeadLetterDrill.GROUP + "']";
        String letter = group + " [data-sequence='account-" + poisoned + "'] .letter";
        browser().find(letter);
        assertThat(browser().text(letter + " .event-type")).isEqualTo("MoneyDeposited");
        assertThat(browser().text(letter + " .cause")).containsIgnoringCase("zero");
        assertThat(browser().text(letter)).contains("account-" + poisoned, "tries ");
        assertThat(browser().text("#dead-letter-count")).as("the waiting letters in the navigation").isNotEmpty();
        browser().screenshots("dead-letters");

        String evictedSequence = group + " [data-sequence='account-" + evicted + "']";
        browser().click(evictedSequence + " button.evict");
        assertThat(browser().find("#confirm-title").getText()).contains("Evict account-" + evicted);
        click(browser().find("#confirm-ok"));
        browser().eventually(() -> browser().all(evictedSequence), List::isEmpty);
        assertThat(browser().text("#dead-letters-notice")).contains("Evicted account-" + evicted);

        String parked = browser().eventually(Duration.ofSeconds(90), () -> browser().text(group
                + " [data-sequence='account-" + poisoned + "'] .letter .tries"), text -> text.contains("parked"));
        assertThat(parked).contains("waits for an operator");
        browser().screenshots("dead-letters-parked");

        DeadLetterDrill.recoverFor(poisoned);
        browser().click(group + " button.retry");

        browser().eventually(() -> browser().all(group + " [data-sequence='account-" + poisoned + "']"),
                List::isEmpty);
        assertThat(browser().text("#dead-letters-notice")).matches("Retried " + DeadLetterDrill.GROUP
                + ": [1-9]\\d* sequence\\(s\\) drained, \\d+ letter\\(s\\) remain\\.");
        assertThat(DeadLetterDrill.deposited(poisoned)).as("applied once the cause is gone")
                .isEqualByComparingTo("30.00");
        assertThat(DeadLetterDrill.deposited(evicted)).as("evicted, never applied").isEqualByComparingTo("0");
        browser().screenshots("dead-letters-drained");
    }
}
