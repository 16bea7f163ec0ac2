package query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import payments.api.MoneyDeposited;

/**
 * A projection that writes a batch's changes together when the batch commits ({@link BatchDrill}, written as the
 * real ones are) fails the whole batch when one row cannot be written. The batch is tried again event by event: the
 * deposit that cannot be stored (its customer id is longer than the column) is parked in the dead-letter queue with
 * the later deposit of its account behind it, and every other deposit of the batch is projected exactly once (a
 * second insert of the same event would break the drill's key).
 */
class BatchFailureIT extends AbstractReadSideIT {

    @Test
    void anUnwritableRowParksItsEventWhileTheRestOfTheBatchIsAppliedOnce() {
        String unwritable = "batch-failure-" + "x".repeat(70) + "-" + UUID.randomUUID();
        List<String> healthy = new ArrayList<>();
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int account = 0; account < 6; account++) {
            String customerId = id("batch-ok");
            healthy.add(customerId);
            batch.add(deposit(customerId, 0, "10.00"));
            batch.add(deposit(customerId, 1, "2.50"));
            if (account == 2) {
                batch.add(deposit(unwritable, 0, "1.00"));
                batch.add(deposit(unwritable, 1, "1.00"));
            }
        }
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> eventStore.publish(batch));

        eventually().until(() -> letters(unwritable) == 2 && healthy.stream()
                .allMatch(customerId -> BatchDrill.deposited(jdbc, customerId).compareTo(new BigDecimal("12.50")) == 0));

        for (String customerId : healthy) {
            assertThat(jdbc.queryForObject("select count(*) from batch_drill_deposit where customer_id = ?",
                    Long.class, customerId)).as(customerId + ": each deposit once").isEqualTo(2);
        }
        assertThat(jdbc.queryForObject("select count(*) from batch_drill_deposit where customer_id = ?", Long.class,
                unwritable)).isZero();

        assertThat(http.exchange("/api/admin/dead-letters/" + BatchDrill.GROUP + "/" + unwritable, HttpMethod.DELETE,
                null, Void.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    private static EventMessage<?> deposit(String customerId, long sequence, String amount) {
        return new GenericDomainEventMessage<>("Account", customerId, sequence,
                new MoneyDeposited(customerId, new BigDecimal(amount), "THB"),
                Map.of("correlationId", "test-" + customerId), UUID.randomUUID().toString(), Instant.now());
    }

    private long letters(String sequence) {
        Long letters = jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ?"
                + " and sequence_identifier = ?", Long.class, BatchDrill.GROUP, sequence);
        return letters == null ? 0 : letters;
    }
}
