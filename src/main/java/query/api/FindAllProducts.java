package query.api;

/** Answered with a {@code List<ProductView>} ordered by product id. */
public record FindAllProducts() {
}
