package app.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}): what a filter, the container or {@code sendError} answer
 * outside Spring MVC's exception handling. Spring Boot's default writes its own JSON; this writes problem+json like
 * every other error of the API. Not an operation of the API, so not in its document.
 */
@Hidden
@RestController
class ErrorPages implements ErrorController {

    @RequestMapping(path = "${server.error.path:${error.path:/error}}",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number && number >= 400 ? number : HttpStatus.INTERNAL_SERVER_ERROR.value();
        Map<String, Object> body = status == 500
                ? Map.of("type", "/problems/internal-error", "title", "Internal error", "status", status,
                        "detail", "The request failed on the server; the error is logged.")
                : ContainerErrors.ProblemReportValve.body(status, null);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
