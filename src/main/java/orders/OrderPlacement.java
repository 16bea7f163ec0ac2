package orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import inventory.api.CatalogueEntry;
import inventory.api.FindCatalogueEntries;
import orders.api.CreateOrder;
import orders.api.OrderLine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
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
    private final IdempotencyKeys keys;
    private final TransactionTemplate transaction;

    OrderPlacement(CommandGateway commands, QueryGateway queries, IdempotencyKeys keys,
                   TransactionTemplate transaction) {
        this.commands = commands;
        this.queries = queries;
        this.keys = keys;
        this.transaction = transaction;
    }

    /** Answers the id of the order that this request created, now or on an earlier try with the same key. */
    String place(String customerId, List<Line> lines, String idempotencyKey) {
        if (idempotencyKey == null) {
            String orderId = newOrderId();
            commands.sendAndWait(priced(orderId, customerId, lines));
            return orderId;
        }
        String requestHash = fingerprint(customerId, lines);
        Optional<String> earlier = earlierAnswer(idempotencyKey, requestHash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String orderId = newOrderId();
        CreateOrder command = priced(orderId, customerId, lines);
        try {
            // The key and the order's first event commit together: a failed CreateOrder frees the key again.
            transaction.executeWithoutResult(status -> {
                keys.add(idempotencyKey, new IdempotencyKeys.Entry(requestHash, orderId));
                commands.sendAndWait(command);
            });
            return orderId;
        } catch (DuplicateKeyException concurrentRequest) {
            return earlierAnswer(idempotencyKey, requestHash).orElseThrow(() -> concurrentRequest);
        }
    }

    private Optional<String> earlierAnswer(String key, String requestHash) {
        return keys.find(key).map(entry -> {
            if (!entry.requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReused(key);
            }
            return entry.orderId();
        });
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
    static String fingerprint(String customerId, List<Line> lines) {
        String canonical = customerId + "\n" + lines.stream()
                .sorted(Comparator.comparing(Line::productId))
                .map(line -> line.productId() + ":" + line.quantity())
                .collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
        }
    }

    private static String newOrderId() {
        return UUID.randomUUID().toString();
    }
}
