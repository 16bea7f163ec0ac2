package payments.api;

public record AccountOpened(String customerId, String currency) {
}
