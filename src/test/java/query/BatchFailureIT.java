package query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;
import query.api.AccountView;
import query.api.FindAccount;

/**
 * The account balance projection writes a batch's changes together when the batch commits, so a row that cannot be
 * written fails the whole batch. The batch is tried again event by event: the account that cannot be stored (its
 * customer id is longer than the column) is parked in the dead-letter queue, and the other accounts of that batch
 * are projected exactly once, their deposits neither lost nor counted twice.
 */
class BatchFailureIT extends AbstractReadSideIT {

    private static final String GROUP = AccountBalanceProjection.GROUP;

    @Test
    void anUnwritableRowParksItsEventWhileTheRestOfTheBatchIsAppliedOnce() {
        String unwritable = "batch-failure-" + "x".repeat(70) + "-" + UUID.randomUUID();
        List<String> healthy = new ArrayList<>();
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int account = 0; account < 6; account++) {
            String customerId = id("batch-healthy");
            healthy.add(customerId);
            batch.add(event(customerId, 0, new AccountOpened(customerId, "THB")));
            batch.add(event(customerId, 1, new MoneyDeposited(customerId, new BigDecimal("10.00"), "THB")));
            batch.add(event(customerId, 2, new MoneyDeposited(customerId, new BigDecimal("2.50"), "THB")));
            if (account == 2) {
                batch.add(event(unwritable, 0, new AccountOpened(unwritable, "THB")));
                batch.add(event(unwritable, 1, new MoneyDeposited(unwritable, new BigDecimal("1.00"), "THB")));
            }
        }
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> eventStore.publish(batch));

        eventually().until(() -> letters(unwritable) == 2
                && healthy.stream().allMatch(customerId -> version(customerId) == 2));

        for (String customerId : healthy) {
            AccountView account = account(customerId).orElseThrow();
            assertThat(account.balance()).as(customerId + ": each deposit once").isEqualByComparingTo("12.50");
        }
        assertThat(jdbc.queryForObject("select count(*) from account_balance where customer_id = ?", Long.class,
                unwritable)).isZero();

        assertThat(http.exchange("/api/admin/dead-letters/" + GROUP + "/" + unwritable, HttpMethod.DELETE, null,
                Void.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    private static EventMessage<?> event(String customerId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Account", customerId, sequence, payload,
                Map.of("correlationId", "test-" + customerId), UUID.randomUUID().toString(), Instant.now());
    }

    private long letters(String sequence) {
        Long letters = jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ?"
                + " and sequence_identifier = ?", Long.class, GROUP, sequence);
        return letters == null ? 0 : letters;
    }

    private long version(String customerId) {
        return account(customerId).map(AccountView::version).orElse(-1L);
    }

    private Optional<AccountView> account(String customerId) {
        return queries.query(new FindAccount(customerId), ResponseTypes.optionalInstanceOf(AccountView.class)).join();
    }
}
