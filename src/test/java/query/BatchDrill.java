package query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import app.IntegrationTest;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import payments.api.MoneyDeposited;

/**
 * A projection for tests only, in the shared test application, written as the real ones are: it collects a batch's
 * deposits through {@link BatchWrites} and inserts them when the batch commits, one row per event with the event's
 * id as key, so that an event applied twice would fail loudly. A customer id longer than its column cannot be written,
 * which fails the batch's writes at commit. Its own dead-lettering group (given one by {@code app.operations}'
 * drill) keeps the real projections' failure metrics at zero.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(IntegrationTest.DRILLS)
public class BatchDrill {

    public static final String GROUP = "batch-drill";

    @Bean
    DrillProjection batchDrillProjection(JdbcTemplate jdbc, BatchWrites writes) {
        jdbc.execute("create table if not exists batch_drill_deposit (event_id varchar(64) not null primary key,"
                + " customer_id varchar(64) not null, amount numeric(19, 2) not null)");
        return new DrillProjection(jdbc, writes);
    }

    @ProcessingGroup(GROUP)
    static class DrillProjection {

        private final JdbcTemplate jdbc;
        private final BatchWrites writes;

        DrillProjection(JdbcTemplate jdbc, BatchWrites writes) {
            this.jdbc = jdbc;
            this.writes = writes;
        }

        @EventHandler
        void on(MoneyDeposited event, EventMessage<?> message) {
            writes.record(GROUP, () -> new Deposits(jdbc), deposits -> deposits.rows.add(new Object[] {
                    message.getIdentifier(), event.customerId(), event.amount()}));
        }
    }

    static final class Deposits implements BatchWrites.Changes {

        private final JdbcTemplate jdbc;
        private final List<Object[]> rows = new ArrayList<>();

        Deposits(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void write() {
            List<Object[]> written = List.copyOf(rows);
            rows.clear();
            if (!written.isEmpty()) {
                jdbc.batchUpdate("insert into batch_drill_deposit (event_id, customer_id, amount) values (?, ?, ?)",
                        written);
            }
        }
    }

    static BigDecimal deposited(JdbcTemplate jdbc, String customerId) {
        return jdbc.queryForObject("select coalesce(sum(amount), 0) from batch_drill_deposit where customer_id = ?",
                BigDecimal.class, customerId);
    }
}
