package app.web;

import java.io.IOException;
import java.util.LinkedHashMap;
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
 * Request bodies are read as they come: nothing here decompresses them. A body declared as compressed would be
 * read as if it were plain (and a plain one declared compressed accepted), so any coding but {@code identity} is a
 * 415 (RFC 9110, 15.5.16) before anything reads it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ContentEncodingFilter extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/unsupported-content-encoding");
        problem.put("title", "Unsupported Content-Encoding");
        problem.put("status", HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
        problem.put("detail", "Request bodies are accepted uncompressed only; send it without Content-Encoding.");
        response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
        response.setHeader("Accept-Encoding", "identity");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
