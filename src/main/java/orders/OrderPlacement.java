package orders;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import app.web.IdempotentCreates;
import inventory.api.CatalogueEntry;
import inventory.api.FindCatalogueEntries;
import orders.api.CreateOrder;
import orders.api.OrderLine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;
import payments.api.HasAccount;

/**
 * Prices an order from the catalogue and creates it, at most once per Idempotency-Key. An order that could never
 * go through (a customer without an account, a product not in the catalogue) is refused before anything is stored.
 */
@Service
class OrderPlacement {

    record Line(String productId, int quantity) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdempotentCreates creates;

    OrderPlacement(CommandGateway commands, QueryGateway queries, IdempotentCreates creates) {
        this.commands = commands;
        this.queries = queries;
        this.creates = creates;
    }

    /** Answers the id of the order that this request created, now or on an earlier try with the same key. */
    String place(String customerId, List<Line> lines, String idempotencyKey) {
        return creates.create("orders", idempotencyKey, canonical(customerId, lines), OrderPlacement::newOrderId,
                orderId -> commands.sendAndWait(priced(orderId, customerId, lines)));
    }

    private CreateOrder priced(String orderId, String customerId, List<Line> lines) {
        List<String> productIds = lines.stream().map(Line::productId).toList();
        CompletableFuture<Boolean> hasAccount = queries.query(new HasAccount(customerId),
                ResponseTypes.instanceOf(Boolean.class));
        Map<String, CatalogueEntry> catalogue = queries.query(new FindCatalogueEntries(productIds),
                        ResponseTypes.multipleInstancesOf(CatalogueEntry.class)).join()
                .stream().collect(Collectors.toMap(CatalogueEntry::productId, Function.identity(), (a, b) -> a));
        if (!Boolean.TRUE.equals(hasAccount.join())) {
            throw new NoAccount(customerId);
        }
        List<String> unknown = productIds.stream().filter(id -> !catalogue.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownProducts(unknown);
        }
        List<String> currencies = catalogue.values().stream().map(CatalogueEntry::currency).distinct().toList();
        if (currencies.size() != 1) {
            throw new OrderRejected("Products priced in different currencies " + currencies
                    + " cannot be in one order.");
        }
        List<OrderLine> items = lines.stream()
                .map(line -> new OrderLine(line.productId(), line.quantity(), catalogue.get(line.productId()).price()))
                .toList();
        return new CreateOrder(orderId, customerId, items, currencies.get(0));
    }

    /** The same customer and the same quantities of the same products, in whatever line order, is the same body. */
    static String canonical(String customerId, List<Line> lines) {
        return customerId + "\n" + lines.stream()
                .sorted(Comparator.comparing(Line::productId))
                .map(line -> line.productId() + ":" + line.quantity())
                .collect(Collectors.joining("\n"));
    }

    private static String newOrderId() {
        return IdentifierFactory.getInstance().generateIdentifier();
    }
}
