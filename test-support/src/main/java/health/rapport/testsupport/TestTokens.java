package health.rapport.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bearer tokens shaped like Keycloak's for realm {@code rapport} ({@code fhirUser}, {@code realm_access.roles},
 * {@code preferred_username}, audience {@code rapport}), signed with a test-only key that the services under test
 * verify locally. The key pair lives in this module's resources and guards nothing real.
 */
public final class TestTokens {

    public static final String ISSUER = "https://rapport.test/realms/rapport";
    public static final String AUDIENCE = "rapport";

    private TestTokens() {
    }

    public static String patient(String patientId) {
        return token(patientId, "Patient/" + patientId, List.of("patient"));
    }

    public static String clinician(String practitionerId) {
        return token(practitionerId, "Practitioner/" + practitionerId, List.of("clinician"));
    }

    public static String ops(String username) {
        return token(username, null, List.of("ops"));
    }

    /** A token for any user; {@code fhirUser} may be null. */
    public static String token(String username, String fhirUser, List<String> roles) {
        var claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
                .claim("preferred_username", username)
                .claim("realm_access", Map.of("roles", roles))
                .expiresIn(300);
        if (fhirUser != null) {
            claims.claim("fhirUser", fhirUser);
        }
        return claims.jws().keyId("rapport-test").sign(signingKey());
    }

    /** A patient's valid token that expires in {@code seconds}, for tests of what happens when it does. */
    public static String patientExpiringIn(String patientId, long seconds) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(patientId)
                .claim("preferred_username", patientId)
                .claim("fhirUser", "Patient/" + patientId)
                .claim("realm_access", Map.of("roles", List.of("patient")))
                .expiresAt(System.currentTimeMillis() / 1000 + seconds)
                .jws().keyId("rapport-test").sign(signingKey());
    }

    /** A token signed by the right key but already expired, for negative tests. */
    public static String expired(String patientId) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(patientId)
                .claim("preferred_username", patientId)
                .claim("fhirUser", "Patient/" + patientId)
                .claim("realm_access", Map.of("roles", List.of("patient")))
                .issuedAt(System.currentTimeMillis() / 1000 - 3600)
                .expiresAt(System.currentTimeMillis() / 1000 - 1800)
                .jws().keyId("rapport-test").sign(signingKey());
    }

    /** Configuration that makes quarkus-oidc verify these tokens without contacting any server. */
    public static Map<String, String> verificationConfig() {
        return Map.of(
                "quarkus.oidc.public-key", publicKeyBase64(),
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.token.audience", AUDIENCE);
    }

    static PrivateKey signingKey() {
        try {
            return KeyUtils.decodePrivateKey(resource("rapport-test/token-signing-key.pem"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test signing key", e);
        }
    }

    static String publicKeyBase64() {
        String pem = resource("rapport-test/token-verification-key.pem");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Base64.getDecoder().decode(base64);
        return base64;
    }

    private static String resource(String name) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
