package app.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a change that a browser sends on behalf of another site. A browser that logged in to the console with
 * Basic sends those credentials with every request to this origin, also with a form or a fetch from another site;
 * it says where such a request comes from in {@code Sec-Fetch-Site}. Clients that are not browsers send no such
 * header and are not affected.
 */
final class CrossSiteWrites extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> OWN_ORIGIN = Set.of("same-origin", "none");

    private final AuthenticationProblems problems;

    CrossSiteWrites(AuthenticationProblems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !SAFE_METHODS.contains(request.getMethod()) && !OWN_ORIGIN.contains(site)) {
            problems.handle(request, response, new AccessDeniedException("cross-site request"));
            return;
        }
        chain.doFilter(request, response);
    }
}
