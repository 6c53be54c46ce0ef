package health.rapport.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The realm's keys found by OIDC discovery, as in production, and a key rotation while the gateway runs. */
@QuarkusTest
@WithTestResource(value = EchoUpstreams.class, initArgs = @ResourceArg(name = "oidc", value = "discovery"))
class KeyRotationTest {

    @Test
    void aNewlyPublishedSigningKeyIsTakenWithoutARestart() {
        given().auth().oauth2(RotatingKeys.patientToken("key-1", "pat-alice")).when().get("/api/v1/threads")
                .then().statusCode(200).body("service", equalTo("message-service"));
        int fetchesBefore = RotatingKeys.JWKS_FETCHES.get();

        RotatingKeys.publish("key-2");
        given().auth().oauth2(RotatingKeys.patientToken("key-2", "pat-alice")).when().get("/api/v1/threads")
                .then().statusCode(200).body("service", equalTo("message-service"));
        assertThat(RotatingKeys.JWKS_FETCHES.get()).as("the unknown key id made the gateway read the keys again")
                .isGreaterThan(fetchesBefore);
        // tokens signed with the older key, still published, keep working during the rotation
        given().auth().oauth2(RotatingKeys.patientToken("key-1", "pat-alice")).when().get("/api/v1/threads")
                .then().statusCode(200);
        given().auth().oauth2(RotatingKeys.unpublishedToken("pat-alice")).when().get("/api/v1/threads")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
