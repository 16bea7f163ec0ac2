package app.web;

import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;

/** What a JSON value must look like to be read as a Java type, in the words an error answer gives a client. */
final class JsonExpectations {

    private JsonExpectations() {
    }

    /** Null when the type says nothing a client could act on. */
    static String of(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number, such as 2 (without quotes)";
        }
        if (BigDecimal.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number, such as 12.50 (without quotes)";
        }
        if (type == String.class) {
            return "a string in quotes";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 instant in quotes, such as \"2026-01-31T12:00:00Z\"";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array [ ... ]";
        }
        if (type.isRecord()) {
            return "a JSON object { ... }";
        }
        return null;
    }
}
