package app.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import app.web.OpenApiWalk.Operation;
import app.web.OpenApiWalk.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The kinds of bad input the walk sends, each changing one thing in an otherwise valid request. */
final class BadRequests {

    /** Path segments, percent-encoded as sent: encoded separators, NUL, bad escapes, overlong UTF-8, dots, size. */
    static final Map<String, String> PATH_VALUES = ordered(
            "encoded slash", "a%2Fb",
            "encoded backslash", "a%5Cb",
            "encoded NUL", "a%00b",
            "malformed escape", "a%zzb",
            "overlong UTF-8", "%C0%AE%C0%AE",
            "encoded dot-dot", "%2E%2E",
            "encoded dot-dot with slash", "%2e%2e%2fx",
            "control character", "a%07b",
            "UTF-8 of a lone surrogate", "a%ED%A0%80b",
            "invalid UTF-8", "a%FFb",
            "injection string", "x%27%3B%20drop%20table%20domain_event_entry%3B--",
            "10,000 characters", "x".repeat(10_000));

    static final Map<String, String> STRING_QUERY_VALUES = ordered(
            "NUL", "a%00b",
            "control character", "a%07b",
            "UTF-8 of a lone surrogate", "a%ED%A0%80b",
            "invalid UTF-8", "a%FFb",
            "10,000 characters", "x".repeat(10_000));

    static final Map<String, String> INTEGER_QUERY_VALUES = ordered(
            "text for a number", "abc",
            "negative number", "-1",
            "number beyond long", "99999999999999999999",
            "fraction", "1.5",
            "NUL", "1%00");

    private BadRequests() {
    }

    static String fill(Operation operation, Function<String, String> value) {
        String path = operation.path();
        for (Parameter parameter : operation.in("path")) {
            path = path.replace("{" + parameter.name() + "}", value.apply(parameter.name()));
        }
        return path;
    }

    static Map<String, String> forPath(Operation operation, Function<String, String> value) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (Parameter bad : operation.in("path")) {
            PATH_VALUES.forEach((what, encoded) -> paths.put(what + " in {" + bad.name() + "}",
                    fill(operation, name -> name.equals(bad.name()) ? encoded : value.apply(name))));
        }
        return paths;
    }

    /** The operation's required query parameters with good values, one of them replaced when {@code bad} is given. */
    static String query(Operation operation, Function<String, String> value, String badName, String badValue) {
        List<String> pairs = new ArrayList<>();
        for (Parameter parameter : operation.in("query")) {
            if (parameter.name().equals(badName)) {
                pairs.add(parameter.name() + "=" + badValue);
            } else if (parameter.required()) {
                pairs.add(parameter.name() + "=" + value.apply(parameter.name()));
            }
        }
        return String.join("&", pairs);
    }

    static Map<String, String> forQuery(Operation operation, Function<String, String> value) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Parameter bad : operation.in("query")) {
            Map<String, String> values = "integer".equals(bad.type()) ? INTEGER_QUERY_VALUES : STRING_QUERY_VALUES;
            values.forEach((what, encoded) ->
                    queries.put(what + " in ?" + bad.name(), query(operation, value, bad.name(), encoded)));
        }
        return queries;
    }

    /** Header lines that Tomcat, or the API, must refuse whatever the endpoint. */
    static Map<String, String[]> forHeaders(boolean hasBody) {
        Map<String, String[]> headers = new LinkedHashMap<>();
        String big = "k".repeat(10_000);
        headers.put("10 KB Idempotency-Key", new String[] {"Idempotency-Key: " + big});
        headers.put("10 KB X-Correlation-Id", new String[] {"X-Correlation-Id: " + big});
        headers.put("10 KB If-Match", new String[] {"If-Match: " + big});
        headers.put("NUL in a header", new String[] {"X-Note: a\u0000b"});
        headers.put("CR in a header", new String[] {"X-Note: a\rb"});
        headers.put("LF in a header name", new String[] {"X-No\nte: a"});
        headers.put("negative Content-Length", new String[] {"Content-Length: -1"});
        headers.put("Content-Length not a number", new String[] {"Content-Length: abc"});
        headers.put("two different Content-Lengths", new String[] {"Content-Length: 1", "Content-Length: 2"});
        if (hasBody) {
            headers.put("garbage Content-Type", new String[] {"Content-Type: ;;;garbage/"});
            headers.put("Content-Type not JSON", new String[] {"Content-Type: text/plain"});
            headers.put("gzip Content-Encoding on a plain body", new String[] {"Content-Encoding: gzip"});
        }
        return headers;
    }

    /** Bodies: the whole document broken, and each value and each key of the valid body broken in turn. */
    static Map<String, String> forBody(JsonNode valid, boolean required) {
        String text = valid.toString();
        Map<String, String> bodies = ordered(
                "malformed JSON", text.substring(0, text.length() - 1),
                "an array", "[" + text + "]",
                "trailing garbage", text + " x",
                "two JSON documents", text + text,
                "a comment", "/* c */" + text,
                "an unknown field", text.substring(0, text.length() - 1) + ",\"zzUnknown\":1}",
                "NaN", "{\"x\":NaN}");
        if (required) {
            bodies.put("empty body", "");
            bodies.put("JSON null", "null");
        }
        for (String path : paths(valid, "", false)) {
            JsonNode leaf = at(valid, path);
            for (Map.Entry<String, String> mutation : mutationsOf(leaf).entrySet()) {
                bodies.put(mutation.getKey() + " at " + path, render(valid, "", path, mutation.getValue(), null));
            }
        }
        for (String path : paths(valid, "", true)) {
            bodies.put("key given twice at " + path, render(valid, "", null, null, path));
        }
        return bodies;
    }

    private static Map<String, String> mutationsOf(JsonNode leaf) {
        if (leaf.isTextual()) {
            Map<String, String> mutations = ordered(
                    "number for text", "5",
                    "boolean for text", "true",
                    "object for text", "{}",
                    "lone high surrogate", "\"x\\ud800y\"",
                    "lone low surrogate", "\"x\\udc00\"",
                    "NUL character", "\"x\\u0000y\"",
                    "control character", "\"x\\u0007y\"",
                    "line break", "\"x\\ny\"",
                    "only an ideographic space", "\"\\u3000\"",
                    "only spaces", "\"   \"",
                    "100,000 characters", "\"" + "n".repeat(100_000) + "\"");
            if (leaf.asText().matches("\\d{4}-.*")) {
                mutations.putAll(ordered(
                        "number beyond double for a time", "1e400",
                        "epoch seconds for a time", "1700000000",
                        "Instant.MAX", "\"+1000000000-12-31T23:59:59.999999999Z\"",
                        "Instant.MIN", "\"-1000000000-01-01T00:00:00Z\"",
                        "before 1970", "\"1969-12-31T23:59:59Z\"",
                        "in the future", "\"9999-12-31T23:59:59Z\"",
                        "not a time", "\"yesterday\""));
            }
            return mutations;
        }
        if (leaf.isNumber()) {
            return ordered(
                    "text for a number", "\"7\"",
                    "boolean for a number", "true",
                    "negative", "-1",
                    "fraction of the smallest unit", "0.001",
                    "beyond double", "1e400",
                    "beyond long", "99999999999999999999999",
                    "array for a number", "[1]");
        }
        if (leaf.isArray()) {
            return ordered("text for a list", "\"x\"", "empty list", "[]", "object for a list", "{}",
                    "51 entries", "[" + String.join(",", java.util.Collections.nCopies(51, leaf.get(0).toString())) + "]");
        }
        return ordered("text for an object", "\"x\"");
    }

    /** Paths of every value ({@code objectKeys} false) or every object key ({@code objectKeys} true). */
    private static List<String> paths(JsonNode node, String at, boolean objectKeys) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                if (objectKeys || !field.getValue().isContainerNode() || field.getValue().isArray()) {
                    paths.add(path);
                }
                paths.addAll(paths(field.getValue(), path, objectKeys));
            }
        } else if (node.isArray() && !node.isEmpty()) {
            paths.addAll(paths(node.get(0), at + "[0]", objectKeys));
        }
        return paths.stream().distinct().collect(Collectors.toList());
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            current = current.get(bracket < 0 ? part : part.substring(0, bracket));
            if (bracket >= 0) {
                current = current.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return current;
    }

    /** The JSON text of {@code node}, with the value at {@code replace} given as raw text, or the key at {@code twice} repeated last. */
    private static String render(JsonNode node, String at, String replace, String raw, String twice) {
        if (at.equals(replace)) {
            return raw;
        }
        if (node.isObject()) {
            List<String> members = new ArrayList<>();
            String repeated = null;
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                String member = TextNode.valueOf(field.getKey()) + ":" + render(field.getValue(), path, replace, raw, twice);
                members.add(member);
                if (path.equals(twice)) {
                    repeated = member;
                }
            }
            if (repeated != null) {
                members.add(repeated);
            }
            return "{" + String.join(",", members) + "}";
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                elements.add(render(node.get(i), at + "[" + i + "]", replace, raw, twice));
            }
            return "[" + String.join(",", elements) + "]";
        }
        return node.toString();
    }

    /** A copy of {@code body} whose text fields get the id {@code ids} gives for (field name, index in its list). */
    static JsonNode mapIds(JsonNode body, BiFunction<String, Integer, String> ids) {
        JsonNode copy = body.deepCopy();
        mapIds(copy, 0, ids);
        return copy;
    }

    private static void mapIds(JsonNode node, int index, BiFunction<String, Integer, String> ids) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                String id = value.isTextual() ? ids.apply(name, index) : null;
                if (id != null) {
                    object.put(name, id);
                } else {
                    mapIds(value, index, ids);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                mapIds(array.get(i), i, ids);
            }
        }
    }

    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            V value = (V) pairs[i + 1];
            map.put((String) pairs[i], value);
        }
        return map;
    }
}
