package integration;

/** A message that can never succeed (malformed, an unknown product): it goes to the dead letters at once. */
public class PoisonMessage extends RuntimeException {

    public PoisonMessage(String message) {
        super(message);
    }

    public PoisonMessage(String message, Throwable cause) {
        super(message, cause);
    }
}
