package payments;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import payments.api.AccountOpened;
import payments.api.HasAccount;
import payments.api.OpenAccount;

/**
 * Whether a customer has an account, read from the account's own stream in the event store: the answer holds as soon
 * as OpenAccount has returned, which no projection running behind the store could promise.
 */
@Component
class AccountHolders {

    private final JdbcTemplate jdbc;

    AccountHolders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Boolean handle(HasAccount query) {
        // An account stream can exist without an opening: a payment attempted for a customer with no account.
        Integer opened = jdbc.queryForObject("select count(*) from domain_event_entry"
                        + " where aggregate_identifier = ? and payload_type = ?", Integer.class,
                OpenAccount.accountIdOf(query.customerId()), AccountOpened.class.getName());
        return opened != null && opened > 0;
    }
}
