package app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Events, messages, tokens, sagas and snapshots are stored as JSON. Axon gets a mapper of its own: the HTTP
 * mapper rejects unknown fields, while stored JSON must keep loading after a field is dropped from a class.
 */
@Configuration(proxyBeanMethods = false)
class SerializationConfig {

    private final JacksonSerializer serializer = storedAsJson();

    /**
     * Axon registers its own metadata deserializer on the mapper as it builds the serializer; the module registered
     * after it is asked first ({@link MetaDataReader}).
     */
    static JacksonSerializer storedAsJson() {
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper()
                        .registerModule(new JavaTimeModule())
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
                .revisionResolver(new AnnotationRevisionResolver())
                .build();
        serializer.getObjectMapper().registerModule(
                new SimpleModule("eventshop-metadata").addDeserializer(MetaData.class, new MetaDataReader()));
        return serializer;
    }

    /** The HTTP mapper, built from spring.jackson.* as Spring Boot would; declared so Axon does not supply one. */
    @Bean
    @Primary
    ObjectMapper objectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.build();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return serializer;
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return serializer;
    }
}
