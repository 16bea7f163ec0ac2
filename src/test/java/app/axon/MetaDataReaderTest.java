package app.axon;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored metadata reads back as Axon's own deserializer reads it, through the reader that resolves its map once. */
class MetaDataReaderTest {

    private final JacksonSerializer stored = SerializationConfig.storedAsJson();
    private final JacksonSerializer axons = JacksonSerializer.defaultSerializer();

    @Test
    void readsWhatAxonsOwnReads() {
        MetaData written = MetaData.from(Map.of("correlationId", "c-1", "userId", "alice", "attempt", 3,
                "amount", 12.5, "flags", List.of("a", "b"), "nested", Map.of("k", "v"), "ok", true));
        SerializedObject<byte[]> bytes = stored.serialize(written, byte[].class);

        MetaData read = stored.deserialize(bytes);
        assertThat(read).isEqualTo(axons.deserialize(bytes)).isEqualTo(written);
        assertThat((MetaData) stored.deserialize(stored.serialize(MetaData.emptyInstance(), byte[].class)))
                .isEmpty();
    }

    @Test
    void isTheDeserializerTheMapperUsesForMetaData() throws Exception {
        ObjectMapper mapper = stored.getObjectMapper();
        DeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(mapper.constructType(MetaData.class)))
                .isInstanceOf(MetaDataReader.class);
    }
}
