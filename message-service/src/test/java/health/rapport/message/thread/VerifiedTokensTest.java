package health.rapport.message.thread;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.security.VerifiedTokens;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.BadTokens;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The service remembers the tokens it verified (security-support's {@link VerifiedTokens}): a repeated token skips
 * the signature check, but the remembered identity still passes every check of the service, and the memory never
 * outlives the token.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class VerifiedTokensTest {

    @Inject
    VerifiedTokens tokens;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aRepeatedTokenIsAnsweredFromMemoryAndStillChecked() {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String token = TestTokens.patientExpiringIn(pair.patient(), 120);
        assertThat(tokens.find(token)).isNull();
        given().auth().oauth2(token).get("/api/v1/threads").then().statusCode(200);
        assertThat(tokens.find(token)).as("remembered once quarkus-oidc verified it").isNotNull();

        long before = tokens.answeredFromMemory();
        given().auth().oauth2(token).get("/api/v1/threads").then().statusCode(200);
        assertThat(tokens.answeredFromMemory()).as("the second call answered from memory").isEqualTo(before + 1);
        // the remembered identity is the one quarkus-oidc built: the same roles and fhirUser claim
        assertThat(tokens.find(token).getRoles()).containsExactly("patient");
        assertThat(((JsonWebToken) tokens.find(token).getPrincipal())
                .<String>getClaim("fhirUser")).isEqualTo("Patient/" + pair.patient());

        String altered = BadTokens.altered(token);
        given().auth().oauth2(altered).get("/api/v1/threads").then().statusCode(401);
        assertThat(tokens.find(altered)).isNull();
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        // long enough to outlast a first request of a cold test JVM, short enough to wait for
        String token = TestTokens.patientExpiringIn(pair.patient(), 12);
        given().auth().oauth2(token).get("/api/v1/threads").then().statusCode(200);
        assertThat(tokens.find(token)).isNotNull();
        long expiresAtMillis = ((JsonWebToken) tokens.find(token).getPrincipal()).getExpirationTime() * 1000;
        Thread.sleep(Math.max(0, expiresAtMillis - System.currentTimeMillis()) + 1_000);
        assertThat(tokens.find(token)).as("forgotten when the token expires").isNull();
        given().auth().oauth2(token).get("/api/v1/threads").then().statusCode(401);
    }
}
