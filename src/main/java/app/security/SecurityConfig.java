package app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may do what (the README has the table). Anything under {@code /api} that no rule names is for operators only,
 * so a new endpoint is closed until someone decides otherwise. Rules that depend on data the request does not carry
 * (whose order an id is, the customer id in a body) are checked by the endpoint through {@link Caller}.
 */
@Configuration
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfig {

    private static final String CUSTOMER = Role.CUSTOMER.name();
    private static final String OPERATOR = Role.OPERATOR.name();

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Spring Security observes every request, authentication and authorization: meters without help text that say
     * nothing an operator acts on (answers by status are in http_server_requests_seconds), and wrappers that took
     * about 2 % of the request threads' CPU under load even with those meters switched off. None of them are made.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The rules' paths are matched as Spring MVC's own mappings match them (its path-pattern parser), without asking
     * Spring MVC which handler a request goes to: Spring Security 7's default, chosen here by this bean.
     */
    @Bean
    static PathPatternRequestMatcher.Builder pathPatterns() {
        return PathPatternRequestMatcher.withDefaults();
    }

    /** With path-pattern rules, Spring Security's per-request cache of Spring MVC's handler look-up has no reader. */
    @Bean
    static BeanFactoryPostProcessor withoutIntrospectorCache() {
        return new WithoutIntrospectorCache();
    }

    /** Always present, even empty: otherwise Spring Boot would make up a user with a password printed in the log. */
    @Bean
    UserDetailsService builtInUsers(SecuritySettings settings) {
        return new BuiltInUsers(settings);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder, SecuritySettings settings,
                            ObjectMapper json) throws Exception {
        boolean jwt = jwtDecoder.getIfAvailable() != null;
        AuthenticationProblems problems = new AuthenticationProblems(json, jwt);
        http
                // CSRF protection is for credentials a browser attaches by itself (session cookies). The API keeps
                // no session: every request carries its credentials, a bearer token or Basic, and a cross-site
                // page cannot read or set that header. CrossSiteWrites refuses what a browser would send with a
                // cached Basic login from another site.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .httpBasic(basic -> basic.realmName(AuthenticationProblems.REALM).authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new CrossSiteWrites(problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        // a forwarded error page or an async result continues a request that was let in already (the
                        // server does not even pass an async dispatch through this chain: dispatcher-types in
                        // application.yml)
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/api/admin/**", "/api/events", "/api/events/**").hasRole(OPERATOR)
                        .requestMatchers("/console", "/console/**", "/actuator/**").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/products", "/api/products/*")
                        .hasAnyRole(CUSTOMER, OPERATOR)
                        .requestMatchers("/api/products", "/api/products/**").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/orders/stats").hasRole(OPERATOR)
                        // the endpoint checks the body's customer id, or takes the caller's
                        .requestMatchers(HttpMethod.POST, "/api/orders", "/api/accounts").hasAnyRole(CUSTOMER, OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/orders").access(OwnCustomer.inQuery("customerId"))
                        // the endpoint answers 404 for another customer's order, as for one that does not exist
                        .requestMatchers(HttpMethod.GET, "/api/orders/{orderId}", "/api/orders/{orderId}/updates")
                        .hasAnyRole(CUSTOMER, OPERATOR)
                        .requestMatchers("/api/accounts/{customerId}", "/api/accounts/{customerId}/**",
                                "/api/customers/{customerId}/stats")
                        .access(OwnCustomer.inPath("customerId"))
                        .anyRequest().hasRole(OPERATOR));
        if (jwt) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .jwt(decoder -> decoder.jwtAuthenticationConverter(new JwtCallers(settings.jwt())))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
        }
        return http.build();
    }
}
