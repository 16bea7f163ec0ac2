package query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import inventory.api.ProductAdded;
import inventory.api.ProductRestocked;
import inventory.api.ProductStockReleased;
import inventory.api.ProductStockReserved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.replay.ResetContext;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import query.api.FindAllProducts;
import query.api.FindProduct;
import query.api.PartialReplay;
import query.api.ProductView;

/**
 * Products and what can still be ordered: initial stock + restocks - reserved + released, from the events in each
 * product's own stream. Writes are guarded by the product's aggregate version, as in every projection here. A
 * batch's changes are written when it commits ({@link BatchWrites}): new products, then one update per product whose
 * stock moved, however many orders reserved it in the batch.
 */
@Component
@ProcessingGroup(ProductStockProjection.GROUP)
class ProductStockProjection {

    static final String GROUP = "product-stock";

    private static final RowMapper<ProductView> TO_VIEW = (rs, row) -> new ProductView(rs.getString("product_id"),
            rs.getString("name"), rs.getBigDecimal("price"), rs.getString("currency"), rs.getInt("available"),
            rs.getLong("version"));
    private static final String SELECT = "select product_id, name, price, currency, available, version"
            + " from product_stock";

    private final JdbcTemplate jdbc;
    private final BatchWrites writes;

    ProductStockProjection(JdbcTemplate jdbc, BatchWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(ProductAdded event, @SequenceNumber long version) {
        writes.record(GROUP, () -> new Stock(jdbc), stock -> stock.added.add(new Object[] {event.productId(),
                event.name(), event.price(), event.currency(), event.initialStock(), version}));
    }

    @EventHandler
    void on(ProductRestocked event, @SequenceNumber long version) {
        add(event.productId(), event.quantity(), version);
    }

    @EventHandler
    void on(ProductStockReserved event, @SequenceNumber long version) {
        add(event.productId(), -event.quantity(), version);
    }

    @EventHandler
    void on(ProductStockReleased event, @SequenceNumber long version) {
        add(event.productId(), event.quantity(), version);
    }

    @ResetHandler
    void onReset(ResetContext<?> reset) {
        if (!(reset.getPayload() instanceof PartialReplay)) {
            jdbc.update("delete from product_stock");
        }
    }

    @QueryHandler
    Optional<ProductView> handle(FindProduct query) {
        return jdbc.query(SELECT + " where product_id = ?", TO_VIEW, query.productId()).stream().findFirst();
    }

    @QueryHandler
    List<ProductView> handle(FindAllProducts query) {
        return jdbc.query(SELECT + " order by product_id", TO_VIEW);
    }

    private void add(String productId, int quantity, long version) {
        writes.record(GROUP, () -> new Stock(jdbc), stock -> stock.moves.add(productId, quantity, version));
    }

    /** One batch's changes: products added (inserted first, a batched insert) and stock moved. */
    static final class Stock implements BatchWrites.Changes {

        private final JdbcTemplate jdbc;
        private final List<Object[]> added = new ArrayList<>();
        private final VersionedDeltas<Integer> moves;

        Stock(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.moves = new VersionedDeltas<>(jdbc, "update product_stock set available = available + ?,"
                    + " version = ? where product_id = ? and version < ?", Integer::sum);
        }

        @Override
        public void write() {
            if (!added.isEmpty()) {
                List<Object[]> rows = List.copyOf(added);
                added.clear();
                jdbc.batchUpdate("insert into product_stock (product_id, name, price, currency, available, version)"
                        + " values (?, ?, ?, ?, ?, ?) on conflict do nothing", rows);
            }
            moves.write();
        }
    }
}
