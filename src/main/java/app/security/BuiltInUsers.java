package app.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The users configured under {@code eventshop.security.users}. A misconfigured user stops the start with a message
 * that names the user and never the password.
 */
final class BuiltInUsers implements UserDetailsService {

    private static final Pattern DELEGATING_FORMAT = Pattern.compile("^\\{[A-Za-z0-9_.-]+}.+");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");

    private final Map<String, SecuritySettings.User> users = new LinkedHashMap<>();

    BuiltInUsers(SecuritySettings settings) {
        settings.users().forEach((name, user) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("eventshop.security.users: '" + name + "' is not a valid user name");
            }
            if (user.password() == null || !DELEGATING_FORMAT.matcher(user.password()).matches()) {
                throw new IllegalStateException("eventshop.security.users." + name + ".password must be set in the"
                        + " delegating format, e.g. {bcrypt}<hash>");
            }
            users.put(name, user);
        });
    }

    /** A fresh object every time: Spring erases the password of the one it authenticated. */
    @Override
    public UserDetails loadUserByUsername(String name) {
        SecuritySettings.User user = users.get(name);
        if (user == null) {
            throw new UsernameNotFoundException("unknown user");
        }
        List<Role> roles = user.roles() == null || user.roles().isEmpty() ? List.of(Role.CUSTOMER) : user.roles();
        String customerId = user.customerId() == null || user.customerId().isBlank() ? name : user.customerId();
        return new BuiltInUser(name, user.password(), roles, customerId);
    }

    static final class BuiltInUser extends User {

        private final String customerId;

        BuiltInUser(String name, String password, List<Role> roles, String customerId) {
            super(name, password, roles.stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
            this.customerId = customerId;
        }

        String customerId() {
            return customerId;
        }
    }
}
