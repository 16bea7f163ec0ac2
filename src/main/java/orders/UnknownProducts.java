package orders;

import java.util.List;

/** An order names products that the catalogue does not have. */
class UnknownProducts extends RuntimeException {

    private final List<String> productIds;

    UnknownProducts(List<String> productIds) {
        super("Unknown product" + (productIds.size() == 1 ? " " : "s ") + String.join(", ", productIds) + ".");
        this.productIds = List.copyOf(productIds);
    }

    List<String> productIds() {
        return productIds;
    }
}
