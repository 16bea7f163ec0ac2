package payments.api;

/** Asks payments whether a customer has opened an account; the answer is a {@code Boolean}. */
public record HasAccount(String customerId) {
}
