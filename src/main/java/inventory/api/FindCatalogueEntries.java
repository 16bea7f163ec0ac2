package inventory.api;

import java.util.Collection;

/** Asks inventory for the current name and price of products; unknown ids are left out of the answer. */
public record FindCatalogueEntries(Collection<String> productIds) {
}
