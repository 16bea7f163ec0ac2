package app.security;

import java.util.Objects;

import app.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponseException;

/**
 * Who sent the request being served: a user name, the customer whose account and orders they own (none for an
 * operator who is not a customer) and whether they operate the shop. The one thing of security that contexts use.
 */
public record Caller(String name, String customerId, boolean operator) {

    static final Caller ANONYMOUS = new Caller("anonymous", null, false);

    /** The caller of the request on this thread; {@link #ANONYMOUS} outside a request or before logging in. */
    public static Caller current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    static Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return ANONYMOUS;
        }
        boolean operator = authentication.getAuthorities().stream()
                .anyMatch(granted -> Role.OPERATOR.authority().equals(granted.getAuthority()));
        String customerId = null;
        if (authentication.getPrincipal() instanceof BuiltInUsers.BuiltInUser user) {
            customerId = user.customerId();
        } else if (authentication instanceof JwtCallers.CustomerJwt jwt) {
            customerId = jwt.customerId();
        }
        return new Caller(authentication.getName(), customerId, operator);
    }

    /** Operators act for everyone, a customer only for themselves. */
    public boolean mayActFor(String customerId) {
        return operator || (this.customerId != null && Objects.equals(this.customerId, customerId));
    }

    /** A 403 problem unless {@link #mayActFor}; for ids the caller named themselves, so nothing is revealed. */
    public void requireMayActFor(String customerId) {
        if (!mayActFor(customerId)) {
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, "forbidden",
                    "Forbidden", "You may act only for your own customer id."), null);
        }
    }
}
