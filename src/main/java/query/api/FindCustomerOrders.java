package query.api;

/** Answered with a {@code List<OrderView>} of the customer's orders, newest first, at most {@code limit}. */
public record FindCustomerOrders(String customerId, int limit) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    public FindCustomerOrders {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }
}
