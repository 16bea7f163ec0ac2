package app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.IntegrationTest;
import app.TestUsers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bearer tokens signed with an RSA key of the test, checked by the application against the JWK set this test serves
 * over HTTP, as an OpenID Connect issuer would. The customer id and the roles sit in claims of Keycloak's shape,
 * configured by name.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class JwtLoginIT {

    static final String ISSUER = "https://issuer.eventshop.test/realms/shop";
    static final RSAKey KEY = generateKey("shop-key");
    static final RSAKey STRANGER = generateKey("shop-key");
    static final HttpServer JWKS = serve(new JWKSet(KEY.toPublicJWK()).toString());

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry properties) {
        properties.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/certs");
        properties.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        properties.add("eventshop.security.jwt.customer-id-claim", () -> "customer_id");
        properties.add("eventshop.security.jwt.roles-claim", () -> "realm_access.roles");
    }

    @AfterAll
    static void stopIssuer() {
        JWKS.stop(0);
    }

    @Autowired
    TestRestTemplate http;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aValidTokenLogsInWithTheCustomerIdAndRolesOfItsClaims() throws Exception {
        String customerId = "jwt-" + UUID.randomUUID().toString().substring(0, 8);
        openAccount(customerId);
        String token = sign(KEY, claims("subject-1", customerId, List.of("customer", "offline_access"),
                Instant.now().plusSeconds(300), ISSUER));

        ResponseEntity<String> own = send(token, "/api/accounts/" + customerId);
        ResponseEntity<String> others = send(token, "/api/accounts/" + TestUsers.CUSTOMER_B);
        ResponseEntity<String> admin = send(token, "/api/admin/processors");

        assertThat(own.getStatusCode().value()).isEqualTo(200);
        assertThat(json.readTree(own.getBody()).path("customerId").asText()).isEqualTo(customerId);
        assertThat(others.getStatusCode().value()).isEqualTo(403);
        assertThat(admin.getStatusCode().value()).as("a customer is no operator").isEqualTo(403);

        String correlationId = "jwt-deposit-" + UUID.randomUUID();
        HttpHeaders deposit = new HttpHeaders();
        deposit.setBearerAuth(token);
        deposit.setContentType(MediaType.APPLICATION_JSON);
        deposit.set("X-Correlation-Id", correlationId);
        assertThat(TestUsers.anonymous(http).exchange("/api/accounts/" + customerId + "/deposits", HttpMethod.POST,
                new HttpEntity<>("{\"amount\": 5.00}", deposit), String.class).getStatusCode().value()).isEqualTo(200);
        JsonNode events = await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(http.getForEntity(
                "/api/events?correlationId=" + correlationId, String.class).getBody()), found -> found.size() > 0);
        assertThat(events.path(0).path("metadata").path("userId").asText())
                .as("the audit trail names the token's subject").isEqualTo("subject-1");
    }

    @Test
    void anOperatorsTokenOpensTheAdminEndpoints() {
        String token = sign(KEY, claims("subject-2", null, List.of("OPERATOR"), Instant.now().plusSeconds(300),
                ISSUER));

        assertThat(send(token, "/api/admin/processors").getStatusCode().value()).isEqualTo(200);
        assertThat(send(token, "/api/orders/stats").getStatusCode().value()).isEqualTo(200);

        HttpHeaders order = new HttpHeaders();
        order.setBearerAuth(token);
        order.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> forNobody = TestUsers.anonymous(http).exchange("/api/orders", HttpMethod.POST,
                new HttpEntity<>("{\"items\": [{\"productId\": \"p\", \"quantity\": 1}]}", order), String.class);
        assertThat(forNobody.getStatusCode().value()).as("an order must name its customer when the login is none")
                .isEqualTo(400);
        assertThat(forNobody.getBody()).contains("customerId");
    }

    @Test
    void aTokenWithoutAKnownRoleMayDoNothing() {
        String token = sign(KEY, claims("subject-3", "someone", List.of("offline_access"),
                Instant.now().plusSeconds(300), ISSUER));

        assertThat(send(token, "/api/accounts/someone").getStatusCode().value()).isEqualTo(403);
        assertThat(send(token, "/api/products").getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void expiredForgedForeignAndUnsignedTokensAreRefused(CapturedOutput log) {
        Instant later = Instant.now().plusSeconds(300);
        // what each token is, and what the Bearer challenge's error_description says of it
        Map<String, List<String>> tokens = Map.of(
                "expired", List.of(sign(KEY, claims("subject-4", "c4", List.of("OPERATOR"),
                        Instant.now().minus(Duration.ofMinutes(5)), ISSUER)), "expired"),
                "signed with another key", List.of(sign(STRANGER, claims("subject-5", "c5", List.of("OPERATOR"),
                        later, ISSUER)), "signature"),
                "from another issuer", List.of(sign(KEY, claims("subject-6", "c6", List.of("OPERATOR"), later,
                        "https://elsewhere.test/realms/shop")), "iss"),
                "alg none", List.of(new PlainJWT(claims("subject-7", "c7", List.of("OPERATOR"), later, ISSUER))
                        .serialize(), "Unsupported algorithm"),
                "not a JWT at all", List.of("not-a-token", "Malformed"));

        tokens.forEach((what, tokenAndReason) -> {
            String token = tokenAndReason.get(0);
            ResponseEntity<String> answer = send(token, "/api/admin/processors");
            assertThat(answer.getStatusCode().value()).as(what).isEqualTo(401);
            assertThat(answer.getHeaders().getContentType()).as(what).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(what)
                    .startsWith("Bearer").contains("error=\"invalid_token\"").contains(tokenAndReason.get(1));
            assertThat(answer.getBody()).as(what).doesNotContain(token);
            assertThat(log.getAll()).as("the log holds no token (" + what + ")").doesNotContain(token);
        });
    }

    @Test
    void withoutAnyLoginBothWaysInAreOffered() {
        ResponseEntity<String> answer = TestUsers.anonymous(http).getForEntity("/api/products", String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(401);
        assertThat(answer.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
                .containsExactly("Basic realm=\"eventshop\"", "Bearer realm=\"eventshop\"");
    }

    private void openAccount(String customerId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.exchange("/api/accounts", HttpMethod.POST, new HttpEntity<>("{\"customerId\": \""
                + customerId + "\", \"initialDeposit\": 10}", headers), String.class).getStatusCode().value())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForEntity("/api/accounts/" + customerId, String.class).getStatusCode().value() == 200);
    }

    private ResponseEntity<String> send(String token, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return TestUsers.anonymous(http).exchange(path, HttpMethod.GET, new HttpEntity<>(null, headers), String.class);
    }

    static JWTClaimsSet claims(String subject, String customerId, List<String> roles, Instant expiry, String issuer) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .issueTime(Date.from(expiry.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(expiry))
                .claim("realm_access", Map.of("roles", roles));
        if (customerId != null) {
            claims.claim("customer_id", customerId);
        }
        return claims.build();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static RSAKey generateKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** The issuer's JWK set endpoint: the public key only. */
    private static HttpServer serve(String jwkSet) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = jwkSet.getBytes(StandardCharsets.UTF_8);
            server.createContext("/certs", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }
}
