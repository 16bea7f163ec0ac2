package inventory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import inventory.api.CatalogueEntry;
import inventory.api.FindCatalogueEntries;
import inventory.api.ProductAdded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The prices that orders are placed at. Its processing group is a subscribing one (see application.yml): rows are
 * written in the transaction that stores the product's events, so the price is there as soon as AddProduct returns.
 * A product's entry never changes once added (no command changes a name, price or currency), so an entry read once is
 * remembered and the catalogue is read only for products not seen yet: one statement less per order.
 */
@Component
@ProcessingGroup(Catalogue.PROCESSING_GROUP)
class Catalogue {

    static final String PROCESSING_GROUP = "inventory-catalogue";

    /** More distinct products than this and the memory starts again, empty. */
    private static final int REMEMBERED = 10_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final Map<String, CatalogueEntry> known = new ConcurrentHashMap<>();

    Catalogue(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProductAdded event) {
        jdbc.update("insert into inventory_catalogue (product_id, name, price, currency) "
                        + "values (:productId, :name, :price, :currency)",
                Map.of("productId", event.productId(), "name", event.name(), "price", event.price(),
                        "currency", event.currency()));
    }

    @QueryHandler
    List<CatalogueEntry> handle(FindCatalogueEntries query) {
        List<String> unknown = query.productIds().stream().filter(id -> !known.containsKey(id)).distinct().toList();
        if (!unknown.isEmpty()) {
            if (known.size() + unknown.size() > REMEMBERED) {
                known.clear();
            }
            jdbc.query("select product_id, name, price, currency from inventory_catalogue "
                            + "where product_id in (:ids)",
                    Map.of("ids", unknown),
                    (row, index) -> new CatalogueEntry(row.getString("product_id"), row.getString("name"),
                            row.getBigDecimal("price"), row.getString("currency")))
                    .forEach(entry -> known.put(entry.productId(), entry));
        }
        return query.productIds().stream().distinct().map(known::get).filter(Objects::nonNull).toList();
    }
}
