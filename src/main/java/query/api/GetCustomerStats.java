package query.api;

/** Answered with {@link CustomerStats}; a customer without orders has zeros. */
public record GetCustomerStats(String customerId) {
}
