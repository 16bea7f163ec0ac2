package app.security;

import java.io.IOException;
import java.net.URI;

import app.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem+json, like every other error. A 401 challenges with Basic (so that a browser asks for a
 * user, as the console relies on) and, where JWTs are accepted, with Bearer. Its text is the same for an unknown
 * user and a wrong password, and never repeats what was sent.
 */
final class AuthenticationProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "eventshop";

    private final ObjectMapper json;
    private final boolean bearer;
    private final BearerTokenAuthenticationEntryPoint bearerChallenge = new BearerTokenAuthenticationEntryPoint();

    AuthenticationProblems(ObjectMapper json, boolean bearer) {
        this.json = json;
        this.bearer = bearer;
        bearerChallenge.setRealmName(REALM);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String detail;
        if (failure instanceof OAuth2AuthenticationException) {
            // Sets WWW-Authenticate: Bearer error="invalid_token" with the reason (expired, bad signature, ...).
            bearerChallenge.commence(request, response, failure);
            detail = "The bearer token is not valid.";
        } else {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
            if (bearer) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
            }
            detail = failure instanceof BadCredentialsException
                    ? "The user name or the password is not valid."
                    : "Log in: HTTP Basic" + (bearer ? " or a bearer token." : ".");
        }
        write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Your role does not allow this, or it concerns another customer."));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException unusual) {
            // the problem is complete without an instance
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
