package integration;

import java.util.Map;

/** What takes stock arrivals from one broker, as the relays' status shows it. */
public interface ArrivalsConsumer {

    String broker();

    boolean running();

    /** The last failure of a message or of the connection, or null. */
    String lastError();

    /** Source, group, counts handled, retried and dead-lettered, dead letters waiting. */
    Map<String, Object> details();
}
