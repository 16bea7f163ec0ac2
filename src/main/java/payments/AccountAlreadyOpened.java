package payments;

class AccountAlreadyOpened extends RuntimeException {

    AccountAlreadyOpened(String customerId) {
        super("Customer " + customerId + " already has an account.");
    }
}
