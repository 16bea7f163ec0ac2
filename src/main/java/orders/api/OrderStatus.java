package orders.api;

public enum OrderStatus {
    PENDING, CONFIRMED, COMPLETED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
