package app.security;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Lets a customer in when the customer id the request names (in its path or its query) is their own, and an
 * operator always. A request that names none is let through to its endpoint, which answers 400.
 */
final class OwnCustomer implements AuthorizationManager<RequestAuthorizationContext> {

    private final String name;
    private final boolean inPath;

    private OwnCustomer(String name, boolean inPath) {
        this.name = name;
        this.inPath = inPath;
    }

    static OwnCustomer inPath(String variable) {
        return new OwnCustomer(variable, true);
    }

    static OwnCustomer inQuery(String parameter) {
        return new OwnCustomer(parameter, false);
    }

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Caller caller = Caller.of(authentication.get());
        if (caller.operator()) {
            return new AuthorizationDecision(true);
        }
        if (!hasCustomerRole(authentication.get())) {
            return new AuthorizationDecision(false);
        }
        String[] named = inPath ? new String[] {context.getVariables().get(name)}
                : context.getRequest().getParameterValues(name);
        if (named == null) {
            return new AuthorizationDecision(true);
        }
        for (String customerId : named) {
            if (!caller.mayActFor(customerId)) {
                return new AuthorizationDecision(false);
            }
        }
        return new AuthorizationDecision(true);
    }

    private static boolean hasCustomerRole(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(granted -> Role.CUSTOMER.authority().equals(granted.getAuthority()));
    }
}
