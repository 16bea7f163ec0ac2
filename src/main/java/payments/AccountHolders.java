package payments;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import payments.api.AccountOpened;
import payments.api.HasAccount;
import payments.api.OpenAccount;

/**
 * Whether a customer has an account, read from the account's own stream in the event store: the answer holds as soon
 * as OpenAccount has returned, which no projection running behind the store could promise. An account is never
 * closed, so a customer found to have one is remembered and not looked up again (one statement less per order); a
 * customer without one is looked up every time, since the account may be opened on any instance at any moment.
 */
@Component
class AccountHolders {

    /** More distinct customers than this and the memory starts again, empty. */
    private static final int REMEMBERED = 100_000;

    private final JdbcTemplate jdbc;
    private final Set<String> holders = ConcurrentHashMap.newKeySet();

    AccountHolders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Boolean handle(HasAccount query) {
        if (holders.contains(query.customerId())) {
            return true;
        }
        // An account stream can exist without an opening: a payment attempted for a customer with no account.
        Integer opened = jdbc.queryForObject("select count(*) from domain_event_entry"
                        + " where aggregate_identifier = ? and payload_type = ?", Integer.class,
                OpenAccount.accountIdOf(query.customerId()), AccountOpened.class.getName());
        boolean holder = opened != null && opened > 0;
        if (holder) {
            if (holders.size() >= REMEMBERED) {
                holders.clear();
            }
            holders.add(query.customerId());
        }
        return holder;
    }
}
