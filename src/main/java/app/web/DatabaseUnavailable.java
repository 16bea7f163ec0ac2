package app.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import app.persistence.DatabaseFaults;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A request that failed because the database could not be reached, or its connection broke, answers 503 with
 * Retry-After and says in {@code outcome} whether its change may have been stored: {@code not-stored}, or
 * {@code unknown} when the connection broke during the commit. It is the first exception resolver, whatever the
 * exception's type: Spring's default resolver would take a database socket's end of stream (an EOFException among
 * the causes) for the HTTP client hanging up and answer an empty 200.
 */
@Component
class DatabaseUnavailable implements HandlerExceptionResolver, WebMvcConfigurer {

    static final String RETRY_AFTER_SECONDS = "2";
    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    private final ObjectMapper json;

    DatabaseUnavailable(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        resolvers.add(0, this);
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception failure) {
        if (!DatabaseFaults.isUnavailable(failure) || response.isCommitted()) {
            return null;
        }
        ProblemDetail problem = problem(failure);
        problem.setInstance(URI.create(request.getRequestURI()));
        try {
            response.resetBuffer();
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        } catch (IOException clientGone) {
            log.debug("Could not answer 503: the client is gone", clientGone);
        }
        return new ModelAndView();
    }

    static ProblemDetail problem(Throwable failure) {
        ProblemDetail problem;
        if (DatabaseFaults.isOutcomeUnknown(failure)) {
            log.warn("Database connection broke while committing: outcome unknown", failure);
            problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "outcome-unknown", "Outcome unknown",
                    "The connection to the database broke while this change was being committed, so it may or may"
                            + " not have been stored. Retry with the same Idempotency-Key (creates), or read the"
                            + " resource and retry with If-Match of the version read (changes).");
            problem.setProperty("outcome", "unknown");
        } else {
            log.warn("Database unavailable: {}", String.valueOf(failure));
            problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                    "The database cannot be reached; nothing was stored. Retry after a moment.");
            problem.setProperty("outcome", "not-stored");
        }
        return problem;
    }
}
