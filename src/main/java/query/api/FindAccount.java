package query.api;

/** Answered with an {@code Optional<AccountView>}: empty while the account is unknown to the read side. */
public record FindAccount(String customerId) {
}
