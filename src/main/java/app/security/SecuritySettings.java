package app.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventshop.security.*}: the built-in users and where a JWT keeps the customer id and the roles. A user's
 * password is in Spring Security's delegating format ({@code {bcrypt}…}); their customer id defaults to their name.
 */
@ConfigurationProperties("eventshop.security")
record SecuritySettings(Map<String, User> users, @DefaultValue Jwt jwt) {

    SecuritySettings {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    record User(String password, List<Role> roles, String customerId) {
    }

    /**
     * Claim names; a dotted name walks into nested claims, as Keycloak's {@code realm_access.roles}. Role values are
     * matched to {@link Role} names ignoring case; other values (an issuer's own roles) are ignored.
     */
    record Jwt(@DefaultValue("sub") String customerIdClaim, @DefaultValue("roles") String rolesClaim) {
    }
}
