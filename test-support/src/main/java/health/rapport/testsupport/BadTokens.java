package health.rapport.testsupport;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that a service (and the gateway) must refuse with 401, one per {@link Kind}, each otherwise shaped like a
 * good {@link TestTokens} token for the same user (same claims, roles and {@code kid}), so that the only reason to
 * refuse it is the defect its kind names.
 *
 * <p>Clock-based kinds are an hour off, far beyond any clock-skew allowance: quarkus-oidc allows none unless
 * {@code quarkus.oidc.token.lifespan-grace} is set (jose4j's default skew is 0 s), and Keycloak's own checks allow
 * seconds. The issuer and audience kinds rely on {@link TestTokens#verificationConfig()} naming both
 * ({@code quarkus.oidc.token.issuer}, {@code quarkus.oidc.token.audience}); without them quarkus-oidc would take
 * the issuer from discovery, which local verification does not do.
 */
public final class BadTokens {

    /** Each way a bearer token can be wrong. {@link #label()} is a stable, readable name for test reports. */
    public enum Kind {
        /** Signed by the right key, expired half an hour ago. */
        EXPIRED("expired"),
        /** Signed by the right key, {@code nbf} and {@code iat} an hour in the future. */
        NOT_YET_VALID("not-yet-valid"),
        /** Signed with a freshly generated RSA key under the right {@code kid}. */
        WRONGLY_SIGNED("wrongly-signed"),
        /** Unsigned: header {@code {"alg":"none"}} and an empty signature. */
        ALG_NONE("alg-none"),
        /** HS256 keyed with the bytes of the public verification key (the RS/HS algorithm confusion). */
        ALG_CONFUSION("alg-confusion"),
        /** Signed by the right key, issued by another realm. */
        WRONG_ISSUER("wrong-issuer"),
        /** Signed by the right key, for Keycloak's {@code account} client instead of {@code rapport}. */
        WRONG_AUDIENCE("wrong-audience"),
        /** A good token with its signature cut off (two segments). */
        MALFORMED("malformed"),
        /** Not a JWT at all. */
        GARBAGE("garbage");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final String WRONG_ISSUER = "https://rapport.test/realms/master";
    public static final String WRONG_AUDIENCE = "account";

    private static volatile PrivateKey strangerKey;

    private BadTokens() {
    }

    public static String patient(Kind kind, String patientId) {
        return token(kind, patientId, "Patient/" + patientId, List.of("patient"));
    }

    public static String clinician(Kind kind, String practitionerId) {
        return token(kind, practitionerId, "Practitioner/" + practitionerId, List.of("clinician"));
    }

    public static String ops(Kind kind, String username) {
        return token(kind, username, null, List.of("ops"));
    }

    /** Every kind for one patient, in {@link Kind} order: label → token. */
    public static Map<String, String> forPatient(String patientId) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            tokens.put(kind.label(), patient(kind, patientId));
        }
        return tokens;
    }

    /** Every kind for one clinician, in {@link Kind} order: label → token. */
    public static Map<String, String> forClinician(String practitionerId) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            tokens.put(kind.label(), clinician(kind, practitionerId));
        }
        return tokens;
    }

    /** A bad token of the given kind for any user; {@code fhirUser} may be null. */
    public static String token(Kind kind, String username, String fhirUser, List<String> roles) {
        long now = System.currentTimeMillis() / 1000;
        return switch (kind) {
            case EXPIRED -> claims(TestTokens.ISSUER, TestTokens.AUDIENCE, username, fhirUser, roles)
                    .issuedAt(now - 3600).expiresAt(now - 1800)
                    .jws().keyId("rapport-test").sign(TestTokens.signingKey());
            case NOT_YET_VALID -> claims(TestTokens.ISSUER, TestTokens.AUDIENCE, username, fhirUser, roles)
                    .issuedAt(now + 3600).claim("nbf", now + 3600).expiresAt(now + 7200)
                    .jws().keyId("rapport-test").sign(TestTokens.signingKey());
            case WRONGLY_SIGNED -> claims(TestTokens.ISSUER, TestTokens.AUDIENCE, username, fhirUser, roles)
                    .expiresIn(300).jws().keyId("rapport-test").sign(strangerKey());
            case ALG_NONE -> segment("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                    + payloadOf(TestTokens.token(username, fhirUser, roles)) + ".";
            case ALG_CONFUSION -> claims(TestTokens.ISSUER, TestTokens.AUDIENCE, username, fhirUser, roles)
                    .expiresIn(300).jws().keyId("rapport-test").algorithm(SignatureAlgorithm.HS256)
                    .sign(new SecretKeySpec(TestTokens.publicKeyBase64().getBytes(StandardCharsets.US_ASCII),
                            "HmacSHA256"));
            case WRONG_ISSUER -> claims(WRONG_ISSUER, TestTokens.AUDIENCE, username, fhirUser, roles)
                    .expiresIn(300).jws().keyId("rapport-test").sign(TestTokens.signingKey());
            case WRONG_AUDIENCE -> claims(TestTokens.ISSUER, WRONG_AUDIENCE, username, fhirUser, roles)
                    .expiresIn(300).jws().keyId("rapport-test").sign(TestTokens.signingKey());
            case MALFORMED -> {
                String good = TestTokens.token(username, fhirUser, roles);
                yield good.substring(0, good.lastIndexOf('.'));
            }
            case GARBAGE -> "not-a-jwt-" + UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static JwtClaimsBuilder claims(String issuer, String audience, String username, String fhirUser,
            List<String> roles) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
                .claim("preferred_username", username)
                .claim("realm_access", Map.of("roles", roles));
        if (fhirUser != null) {
            claims.claim("fhirUser", fhirUser);
        }
        return claims;
    }

    private static String payloadOf(String jwt) {
        return jwt.split("\\.")[1];
    }

    private static String segment(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey strangerKey() {
        PrivateKey key = strangerKey;
        if (key == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                key = generator.generateKeyPair().getPrivate();
                strangerKey = key;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return key;
    }

    /** What a service's 401 detail says for each kind (service-support's HttpProblems, in fixed words). */
    public static String reasonNamedByServices(Kind kind) {
        return switch (kind) {
            case EXPIRED -> "has expired";
            case NOT_YET_VALID -> "not valid yet";
            case WRONGLY_SIGNED -> "signature does not verify";
            case ALG_NONE, ALG_CONFUSION -> "algorithm is not accepted";
            case WRONG_ISSUER -> "another issuer";
            case WRONG_AUDIENCE -> "another audience";
            case MALFORMED, GARBAGE -> "not a well-formed";
        };
    }

    /**
     * The same token with one character of its signature changed: a string never verified, whose signature no longer
     * verifies. The character is in the middle of the signature: the last one also carries padding bits, which a
     * lenient decoder ignores, so changing it may change nothing.
     */
    public static String altered(String token) {
        int signature = token.lastIndexOf('.') + 1;
        int at = signature + (token.length() - signature) / 2;
        char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + replacement + token.substring(at + 1);
    }
}
