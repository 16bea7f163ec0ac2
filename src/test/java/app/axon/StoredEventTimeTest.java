package app.axon;

import java.time.Instant;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An event's stored time reads back as the very instant Axon would read, whatever shape the text has. */
class StoredEventTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T07:18:59.123Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
            "2099-12-31T12:00:00.001Z", "2026-11-30T07:18:59Z", "2026-11-30T07:18:59.123456789Z",
            "2026-11-30T07:18:59.1Z"})
    void readsTheInstantAxonReads(String stored) {
        assertThat(SqlEventStorageEngine.StoredEvent.instant(stored)).isEqualTo(DateTimeUtils.parseInstant(stored));
    }

    @Test
    void readsWhatAxonWrites() {
        Instant now = Instant.parse("2026-11-30T07:18:59.123Z");
        assertThat(SqlEventStorageEngine.StoredEvent.instant(DateTimeUtils.formatInstant(now))).isEqualTo(now);
    }

    @Test
    void refusesAnImpossibleDateAsAxonDoes() {
        assertThatThrownBy(() -> SqlEventStorageEngine.StoredEvent.instant("2026-02-30T07:18:59.123Z"))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> DateTimeUtils.parseInstant("2026-02-30T07:18:59.123Z"))
                .isInstanceOf(RuntimeException.class);
    }
}
