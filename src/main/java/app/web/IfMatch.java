package app.web;

/**
 * Reads the aggregate version a client sends back in {@code If-Match}: the number a read returned as its ETag,
 * quoted or not. No header means no check.
 */
public final class IfMatch {

    private IfMatch() {
    }

    public static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (!value.matches("\\d{1,18}")) {
            throw new Invalid(ifMatch);
        }
        return Long.parseLong(value);
    }

    static class Invalid extends RuntimeException {

        Invalid(String ifMatch) {
            super("If-Match must be a version number as returned in ETag, not '" + ifMatch + "'.");
        }
    }
}
