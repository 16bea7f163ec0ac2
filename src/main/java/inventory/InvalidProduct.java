package inventory;

class InvalidProduct extends RuntimeException {

    InvalidProduct(String message) {
        super(message);
    }
}
