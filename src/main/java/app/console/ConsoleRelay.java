package app.console;

/**
 * A relay that publishes stored events to a broker shows itself on the console by being a bean of this type. Its
 * position and lag appear with the processors (a relay is a tracking processor); this adds what only the relay
 * knows: where it publishes and what it could not deliver.
 */
public interface ConsoleRelay {

    RelayStatus status();

    /**
     * {@code processor} names the relay's event processor; {@code deadLetters} counts the messages it sent to its
     * dead-letter {@code deadLetterDestination} (null when unknown); {@code error} is the last delivery problem.
     */
    record RelayStatus(String name, String processor, String destination, boolean connected, Long deadLetters,
                       String deadLetterDestination, String error) {
    }
}
