package query.api;

/** Answered with an {@code Optional<ProductView>}: empty while the product is unknown to the read side. */
public record FindProduct(String productId) {
}
