package health.rapport.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.gateway.routing.EchoUpstreams;
import health.rapport.security.VerifiedTokens;
import health.rapport.testsupport.BadTokens;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class VerifiedTokensTest {

    @Inject
    VerifiedTokens tokens;

    @Test
    void aVerifiedTokenIsAnsweredFromMemoryAnAlteredOneNever() {
        String token = TestTokens.token("pat-cache", "Patient/pat-cache", java.util.List.of("patient"));
        assertThat(tokens.find(token)).isNull();
        given().auth().oauth2(token).when().get("/api/v1/threads").then().statusCode(200);
        assertThat(tokens.find(token)).as("remembered after quarkus-oidc verified it").isNotNull();

        long hits = tokens.answeredFromMemory();
        given().auth().oauth2(token).when().get("/api/v1/threads")
                .then().statusCode(200).body("authorization", Matchers.equalTo("Bearer " + token));
        assertThat(tokens.answeredFromMemory()).as("the second call answered from memory").isEqualTo(hits + 1);
        // the remembered identity carries the roles: an ops route still refuses this patient
        given().auth().oauth2(token).when().get("/api/v1/nudge-policy").then().statusCode(403);

        String altered = BadTokens.altered(token);
        given().auth().oauth2(altered).when().get("/api/v1/threads").then().statusCode(401);
        assertThat(tokens.find(altered)).isNull();
    }
}
