/**
 * Security: who the caller is and what they may do. Built-in users from configuration log in with HTTP Basic; JWTs
 * from an OpenID Connect issuer are checked as an OAuth2 resource server; both end up as one {@link app.security.Caller}
 * (a name, a customer id, whether they operate the shop). The request rules live here; the contexts see only
 * {@code Caller}, to check what only they can know (whose order an id is, whose customer id a body names).
 */
package app.security;
