package app.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads who a verified JWT names: its subject as the user, the customer id and the roles from the configured claims.
 * A token without a known role authenticates but may do nothing.
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private static final Set<String> ROLES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.toSet());

    private final SecuritySettings.Jwt claims;

    JwtCallers(SecuritySettings.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Object customerId = claim(jwt.getClaims(), claims.customerIdClaim());
        List<GrantedAuthority> authorities = roleNames(claim(jwt.getClaims(), claims.rolesClaim())).stream()
                .map(name -> name.toUpperCase(Locale.ROOT))
                .filter(ROLES::contains)
                .distinct()
                .map(name -> (GrantedAuthority) new SimpleGrantedAuthority(Role.valueOf(name).authority()))
                .toList();
        return new CustomerJwt(jwt, authorities, customerId instanceof String id && !id.isBlank() ? id : null);
    }

    private static Object claim(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    /** A list of names, or one string of names separated by spaces or commas. */
    private static List<String> roleNames(Object value) {
        if (value instanceof Collection<?> names) {
            return names.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        if (value instanceof String names) {
            return Arrays.stream(names.split("[\\s,]+")).filter(name -> !name.isEmpty()).toList();
        }
        return List.of();
    }

    static final class CustomerJwt extends JwtAuthenticationToken {

        private final String customerId;

        CustomerJwt(Jwt jwt, Collection<? extends GrantedAuthority> authorities, String customerId) {
            super(jwt, authorities);
            this.customerId = customerId;
        }

        String customerId() {
            return customerId;
        }
    }
}
