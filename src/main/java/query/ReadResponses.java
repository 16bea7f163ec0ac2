package query;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** What every read endpoint shares: the id format of the spec and the 404 for an id the read side does not know. */
final class ReadResponses {

    static final String ID = "^[A-Za-z0-9_-]{1,64}$";
    static final String ID_MESSAGE = "must be 1 to 64 letters, digits, '-' or '_'";

    static final String EVENTUALLY_CONSISTENT = "Reads are eventually consistent: a view follows the event store a"
            + " moment behind, so an id that was just created may answer 404 for a moment; retry.";

    private ReadResponses() {
    }

    /** Thrown rather than returned so that each endpoint keeps its view type in the API docs. */
    static ErrorResponseException notFound(String what, String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No " + what + " with id '" + id + "' (yet). " + EVENTUALLY_CONSISTENT);
        problem.setType(URI.create("/problems/not-found"));
        problem.setTitle("Not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
