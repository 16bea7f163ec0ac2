package app.axon;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerThreadRandomIdentifiersTest {

    @Test
    void axonGivesEveryMessageAnIdFromThisFactory() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(PerThreadRandomIdentifiers.class);

        String messageId = GenericEventMessage.asEventMessage("an event").getIdentifier();

        assertThat(UUID.fromString(messageId).version()).isEqualTo(4);
    }

    @Test
    void idsAreRandomUuidsOfVersionFourAndTheIetfVariant() {
        PerThreadRandomIdentifiers ids = new PerThreadRandomIdentifiers();

        for (int i = 0; i < 1_000; i++) {
            String id = ids.generateIdentifier();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        }
    }

    @Test
    void threadsDrawingAtOnceNeverDrawTheSameId() throws Exception {
        PerThreadRandomIdentifiers ids = new PerThreadRandomIdentifiers();
        Set<String> drawn = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> drawing = IntStream.range(0, 4)
                    .<Future<?>>mapToObj(thread -> threads.submit(() -> {
                        for (int i = 0; i < 50_000; i++) {
                            drawn.add(ids.generateIdentifier());
                        }
                    }))
                    .toList();
            for (Future<?> thread : drawing) {
                thread.get();
            }
        } finally {
            threads.shutdown();
        }

        assertThat(drawn).hasSize(200_000);
    }
}
