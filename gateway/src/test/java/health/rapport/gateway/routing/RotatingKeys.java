package health.rapport.gateway.routing;

import health.rapport.testsupport.TestTokens;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the realm's OIDC discovery document and JWKS whose signing keys a test can rotate, as Keycloak
 * does when a new key is added to the realm: the new key is published, then tokens are signed with it.
 */
public final class RotatingKeys {

    private static final Map<String, KeyPair> PUBLISHED = new LinkedHashMap<>();
    static final AtomicInteger JWKS_FETCHES = new AtomicInteger();

    private RotatingKeys() {
    }

    static synchronized Map<String, String> start(Vertx vertx) {
        PUBLISHED.clear();
        PUBLISHED.put("key-1", newKeyPair());
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            String base = "http://127.0.0.1:" + request.localAddress().port() + "/realms/rapport";
            if (request.path().endsWith("/.well-known/openid-configuration")) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("issuer", TestTokens.ISSUER)
                        .put("jwks_uri", base + "/protocol/openid-connect/certs")
                        .put("token_endpoint", base + "/protocol/openid-connect/token")
                        .encode());
            } else if (request.path().endsWith("/protocol/openid-connect/certs")) {
                JWKS_FETCHES.incrementAndGet();
                request.response().putHeader("Content-Type", "application/json").end(jwks().encode());
            } else {
                request.response().setStatusCode(404).end();
            }
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + server.actualPort() + "/realms/rapport",
                "quarkus.oidc.token.audience", TestTokens.AUDIENCE);
    }

    /** Publishes a new signing key beside the old ones. */
    static synchronized void publish(String keyId) {
        PUBLISHED.put(keyId, newKeyPair());
    }

    /** A patient's token signed with a published key. */
    static synchronized String patientToken(String keyId, String patient) {
        return Jwt.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject(patient)
                .claim("preferred_username", patient)
                .claim("fhirUser", "Patient/" + patient)
                .claim("realm_access", Map.of("roles", List.of("patient")))
                .expiresIn(300)
                .jws().keyId(keyId).sign(PUBLISHED.get(keyId).getPrivate());
    }

    /** A token signed with a key that was never published, under a key id that was never published either. */
    static String unpublishedToken(String patient) {
        return Jwt.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject(patient)
                .claim("realm_access", Map.of("roles", List.of("patient")))
                .expiresIn(300)
                .jws().keyId("never-published").sign(newKeyPair().getPrivate());
    }

    private static synchronized JsonObject jwks() {
        JsonArray keys = new JsonArray();
        PUBLISHED.forEach((keyId, pair) -> {
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            keys.add(new JsonObject().put("kty", "RSA").put("kid", keyId).put("use", "sig").put("alg", "RS256")
                    .put("n", base64Url(key.getModulus())).put("e", base64Url(key.getPublicExponent())));
        });
        return new JsonObject().put("keys", keys);
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
