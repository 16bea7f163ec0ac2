package payments;

class AccountNotFound extends RuntimeException {

    AccountNotFound(String customerId) {
        super("Customer " + customerId + " has no account; open one first (POST /api/accounts).");
    }
}
