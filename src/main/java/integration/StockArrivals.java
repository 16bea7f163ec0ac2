package integration;

import java.sql.Timestamp;
import java.time.Instant;

import inventory.api.RestockProduct;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a stock arrival into a {@code RestockProduct}, once per message id whichever broker brings it and however
 * often. The id goes into {@code processed_messages} in the transaction that also stores the command's events (the
 * command joins it), so either both are written or neither: a redelivery after a crash restocks, a redelivery after a
 * commit does not.
 */
@Component
public class StockArrivals {

    public enum Outcome { RESTOCKED, DUPLICATE }

    static final String HANDLED = "eventshop.arrivals.handled";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CommandGateway commands;
    private final MeterRegistry registry;

    /** A gateway of its own, without the shared retry: the brokers' backoff retries, in a fresh transaction. */
    StockArrivals(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, CommandBus commandBus,
                  MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
        this.registry = registry;
    }

    /**
     * @throws PoisonMessage when the product is unknown
     * @throws RuntimeException for anything that may pass on a retry
     */
    public Outcome handle(StockArrival arrival, String broker) {
        Outcome outcome;
        try {
            outcome = transactions.execute(status -> {
                if (alreadyHandled(arrival.messageId())) {
                    return Outcome.DUPLICATE;
                }
                jdbc.update("insert into processed_messages (message_id, broker, product_id, quantity, received_at,"
                                + " processed_at) values (?, ?, ?, ?, ?, ?)",
                        arrival.messageId(), broker, arrival.productId(), arrival.quantity(),
                        Timestamp.from(arrival.receivedAt()), Timestamp.from(Instant.now()));
                commands.sendAndWait(new RestockProduct(arrival.productId(), arrival.quantity(), null));
                return Outcome.RESTOCKED;
            });
        } catch (DuplicateKeyException handledConcurrently) {
            outcome = Outcome.DUPLICATE;
        } catch (RuntimeException failed) {
            if (isUnknownAggregate(failed)) {
                throw new PoisonMessage("Unknown product '" + arrival.productId() + "'.", failed);
            }
            throw failed;
        }
        registry.counter(HANDLED, "broker", broker, "outcome", outcome.name().toLowerCase()).increment();
        return outcome;
    }

    private static boolean isUnknownAggregate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException) {
                return true;
            }
        }
        return false;
    }

    private boolean alreadyHandled(String messageId) {
        Integer found = jdbc.queryForObject("select count(*) from processed_messages where message_id = ?",
                Integer.class, messageId);
        return found != null && found > 0;
    }
}
