package orders;

/** A command that the order's rules or its current status do not allow. */
class OrderRejected extends RuntimeException {

    OrderRejected(String message) {
        super(message);
    }
}
