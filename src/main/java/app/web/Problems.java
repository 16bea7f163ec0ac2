package app.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the problem+json bodies (RFC 9457) that every error of the HTTP API answers with. */
public final class Problems {

    private Problems() {
    }

    /** {@code type} is a short slug such as {@code insufficient-funds}; it becomes {@code /problems/<slug>}. */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        return problem;
    }
}
