package app.web;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the HTTP API reads JSON: one value per body, each key once, no guessing of types (a number is not an id, text
 * is not a number), and text that PostgreSQL's {@code jsonb} and every reader of the event store can take: no
 * control characters, no unpaired surrogates, surrounding whitespace removed (so a blank name is an empty one).
 * Timestamps are ISO-8601 text in years 1970 to 9999. Each refusal names its field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    Module strictValues() {
        return new SimpleModule("eventshop-strict-values")
                .addDeserializer(String.class, new TextDeserializer())
                .addDeserializer(Instant.class, new InstantDeserializer());
    }

    /** A value that is well-formed JSON but not acceptable; its message says why, without echoing the value. */
    static final class Refused extends MismatchedInputException {

        Refused(JsonParser parser, String reason, Class<?> type) {
            super(parser, reason, type);
        }
    }

    static final class TextDeserializer extends StdScalarDeserializer<String> {

        TextDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text == null) {
                return null;
            }
            String fault = faultIn(text);
            if (fault != null) {
                throw new Refused(parser, fault, String.class);
            }
            return text.strip();
        }

        static String faultIn(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isISOControl(c)) {
                    return "must not contain control characters (U+" + String.format("%04X", (int) c) + ")";
                }
                boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (pair) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return "must be valid Unicode (it has an unpaired surrogate \\u" + String.format("%04x", (int) c)
                            + ")";
                }
            }
            return null;
        }
    }

    static final class InstantDeserializer extends StdScalarDeserializer<Instant> {

        private static final String FORM = "must be an ISO-8601 date-time with offset, such as 2026-01-31T12:00:00Z,"
                + " between " + EARLIEST + " and " + LATEST;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new Refused(parser, FORM, Instant.class);
            }
            try {
                Instant instant = OffsetDateTime.parse(parser.getText().strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
                if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                    throw new Refused(parser, FORM, Instant.class);
                }
                return instant;
            } catch (DateTimeException malformed) {
                throw new Refused(parser, FORM, Instant.class);
            }
        }
    }
}
