package app.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refusals before anything reads the request. Bodies are read as they come, nothing here decompresses them: a body
 * declared compressed would be read as if it were plain, so any coding but {@code identity} is a 415 (RFC 9110,
 * 15.5.16). Query parameters are text like any other: invalid UTF-8 and control characters are a 400 naming the
 * parameter, as they are in a JSON body (a NUL would otherwise reach PostgreSQL, which refuses it with an error).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestGuard extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-content-encoding",
                    "Unsupported Content-Encoding",
                    "Request bodies are accepted uncompressed only; send it without Content-Encoding.", null);
            response.setHeader("Accept-Encoding", "identity");
            return;
        }
        String badParameter = badQueryParameter(request.getQueryString());
        if (badParameter != null) {
            String detail = "Query parameter '" + badParameter + "' must be UTF-8 text without control characters.";
            refuse(response, HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail,
                    List.of(Map.of("field", badParameter, "message", "must be UTF-8 text without control characters")));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The name of the first query parameter whose name or value is not clean text, or null. */
    static String badQueryParameter(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            String decodedName = decode(name);
            if (decodedName == null || !isCleanText(decodedName)) {
                return "(name)";
            }
            String decodedValue = decode(value);
            if (decodedValue == null || !isCleanText(decodedValue)) {
                return decodedName;
            }
        }
        return null;
    }

    private static String decode(String encoded) {
        try {
            byte[] bytes = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
                    .getBytes(StandardCharsets.ISO_8859_1);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException malformed) {
            return null;
        }
    }

    private static boolean isCleanText(String text) {
        return text.chars().noneMatch(Character::isISOControl);
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String type, String title,
                               String detail, Object errors) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/" + type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (errors != null) {
            problem.put("errors", errors);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
