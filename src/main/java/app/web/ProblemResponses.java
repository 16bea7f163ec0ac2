package app.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.exc.StreamReadException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as {@code application/problem+json}. Bad input is a 400 that names the fields at fault; the
 * event store's own conflicts are 409s. Rule violations of a context are mapped by that context's controller. An
 * unreachable database is {@link DatabaseUnavailable}'s; any other failure goes to the error page, {@link ErrorPages}.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final String VALIDATION = "validation";
    private static final String MALFORMED = "malformed-request";
    private static final String CONFLICT = "conflict";
    private static final String NOT_FOUND = "not-found";

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Map<String, Object>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemResponses::fieldError)
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request",
                "The request has " + errors.size() + " invalid field(s).");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, Object>> errors = ex.getParameterValidationResults().stream()
                .flatMap(ProblemResponses::parameterErrors)
                .toList();
        boolean onlyBodyFields = ex.getParameterValidationResults().stream()
                .allMatch(result -> result instanceof ParameterErrors body && !body.hasGlobalErrors());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request",
                "The request has " + errors.size() + (onlyBodyFields ? " invalid field(s)." : " invalid parameter(s)."));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * A body's errors name the body's fields ({@code items[0].quantity}), as when the body alone is invalid; any
     * other parameter's (a header, a path variable) name the parameter.
     */
    private static Stream<Map<String, Object>> parameterErrors(ParameterValidationResult result) {
        if (result instanceof ParameterErrors body && !body.hasGlobalErrors()) {
            return body.getFieldErrors().stream().map(ProblemResponses::fieldError);
        }
        String name = result.getMethodParameter().getParameterName() == null ? "parameter"
                : result.getMethodParameter().getParameterName();
        return result.getResolvableErrors().stream()
                .map(error -> Map.of("field", name, "message", String.valueOf(error.getDefaultMessage())));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, MALFORMED, "Malformed request body",
                describe(ex));
        String field = fieldAtFault(ex);
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", problem.getDetail())));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
                                                        HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request",
                "Parameter '" + name + "' has the wrong type.");
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request",
                "Query parameter '" + ex.getParameterName() + "' is required.");
        problem.setProperty("errors", List.of(Map.of("field", ex.getParameterName(), "message", "is required")));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Unsupported media type", "Send the body as JSON with the header 'Content-Type: application/json'"
                        + (ex.getContentType() == null ? "." : " (this request said " + ex.getContentType() + ")."));
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException ex) {
        List<Map<String, Object>> errors = ex.getConstraintViolations().stream()
                .map(violation -> Map.<String, Object>of(
                        "field", violation.getPropertyPath().toString(),
                        "message", violation.getMessage()))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request",
                "The request has " + errors.size() + " invalid value(s).");
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(ConflictingModificationException.class)
    ProblemDetail staleVersion(ConflictingModificationException ex) {
        return problem(HttpStatus.CONFLICT, CONFLICT, "Version conflict",
                "The resource was changed since the version given in If-Match; read it again and retry.");
    }

    /** Still meeting a concurrent write after the retries (heavy contention on one aggregate). */
    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentWrite(ConcurrencyException ex) {
        return problem(HttpStatus.CONFLICT, CONFLICT, "Concurrent change",
                "The resource was changed by another request at the same time; nothing was written. Retry.");
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail alreadyExists(AggregateStreamCreationException ex) {
        return problem(HttpStatus.CONFLICT, CONFLICT, "Already exists", "A resource with this id already exists.");
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found",
                "No resource with id '" + ex.getAggregateIdentifier() + "'.");
    }

    @ExceptionHandler(IdempotentCreates.IdempotencyKeyReused.class)
    ProblemDetail idempotencyKeyReused(IdempotentCreates.IdempotencyKeyReused ex) {
        return problem(HttpStatus.CONFLICT, "idempotency-key-reused", "Idempotency-Key reused", ex.getMessage());
    }

    @ExceptionHandler(IfMatch.Invalid.class)
    ProblemDetail invalidIfMatch(IfMatch.Invalid ex) {
        return problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid If-Match", ex.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        return Problems.of(status, type, title, detail);
    }

    private static Map<String, Object> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    private static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        String field = fieldAtFault(ex);
        if (cause instanceof StrictJson.Refused refused) {
            return "Field '" + field + "' " + refused.getOriginalMessage() + ".";
        }
        if (cause instanceof StreamReadException && field != null
                && String.valueOf(cause.getMessage()).startsWith("Duplicate field")) {
            return "Field '" + field + "' is given more than once.";
        }
        if (cause instanceof MismatchedInputException
                && String.valueOf(cause.getMessage()).startsWith("Trailing token")) {
            return "The request body has more after its JSON value (trailing data or a second document).";
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        // A syntax error is reported by the parser before any field is known: say where the JSON breaks.
        JsonParseException syntax = syntaxError(cause);
        if (syntax != null) {
            return "The request body is not valid JSON: " + (syntax instanceof JsonEOFException
                    ? "it ends before it is complete" : syntax.getOriginalMessage().split("\n")[0])
                    + at(syntax.getLocation()) + ".";
        }
        if (cause instanceof JsonMappingException && field != null) {
            String expected = cause instanceof MismatchedInputException mismatch
                    ? JsonExpectations.of(mismatch.getTargetType()) : null;
            return "Field '" + field + "' " + (expected != null ? "must be " + expected
                    : "has a value of the wrong type or form") + ".";
        }
        return "The request body is missing or is not valid JSON.";
    }

    /** The field a body's fault is in, as {@code items[0].productId}; null when the fault is not in one field. */
    private static String fieldAtFault(HttpMessageNotReadableException ex) {
        if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                            : "[" + reference.getIndex() + "]")
                    .reduce((left, right) -> right.startsWith("[") ? left + right : left + "." + right)
                    .orElse(null);
        }
        // a key given twice is found by the parser, before any field is bound: its position is the parser's
        if (ex.getCause() instanceof StreamReadException read && read.getProcessor() != null
                && read.getProcessor().getParsingContext() != null) {
            String pointer = read.getProcessor().getParsingContext().pathAsPointer().toString();
            return pointer.isEmpty() ? null
                    : pointer.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
        }
        return null;
    }

    /** Jackson wraps a parse error met inside a field in a mapping error that names the field. */
    private static JsonParseException syntaxError(Throwable cause) {
        for (Throwable t = cause; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JsonParseException syntax) {
                return syntax;
            }
        }
        return null;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
