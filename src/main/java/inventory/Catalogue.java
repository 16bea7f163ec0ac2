package inventory;

import java.util.List;
import java.util.Map;

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
 */
@Component
@ProcessingGroup(Catalogue.PROCESSING_GROUP)
class Catalogue {

    static final String PROCESSING_GROUP = "inventory-catalogue";

    private final NamedParameterJdbcTemplate jdbc;

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
        if (query.productIds().isEmpty()) {
            return List.of();
        }
        return jdbc.query("select product_id, name, price, currency from inventory_catalogue "
                        + "where product_id in (:ids)",
                Map.of("ids", query.productIds()),
                (row, index) -> new CatalogueEntry(row.getString("product_id"), row.getString("name"),
                        row.getBigDecimal("price"), row.getString("currency")));
    }
}
