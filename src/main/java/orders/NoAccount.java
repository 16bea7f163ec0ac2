package orders;

/** An order for a customer who has not opened an account: it could never be paid. */
class NoAccount extends RuntimeException {

    private final String customerId;

    NoAccount(String customerId) {
        super("Customer " + customerId + " has no account; open one first (POST /api/accounts).");
        this.customerId = customerId;
    }

    String customerId() {
        return customerId;
    }
}
