package health.rapport.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class GatewayRoutesTest {

    @Test
    void routesEachPrefixToItsServiceWithTokenAndBody() {
        String token = TestTokens.patient("pat-alice");
        String body = "{\"body\":\"" + "x".repeat(20_000) + "\"}";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/threads/abc/messages?x=1")
                .then().statusCode(200)
                .body("service", equalTo("message-service"))
                .body("method", equalTo("POST"))
                .body("path", equalTo("/api/v1/threads/abc/messages?x=1"))
                .body("authorization", equalTo("Bearer " + token))
                .body("forwardedHost", equalTo("localhost:" + io.restassured.RestAssured.port))
                .body("body", equalTo(body));
        given().auth().oauth2(token).when().get("/api/v1/threads")
                .then().statusCode(200).body("service", equalTo("message-service"));
        given().auth().oauth2(token).when().get("/api/v1/engagement/providers/prac-bob")
                .then().statusCode(200).body("service", equalTo("engagement-service"));
        given().auth().oauth2(token).when().get("/api/v1/nudges")
                .then().statusCode(200).body("service", equalTo("notification-service"));
    }

    @Test
    void rejectsMissingAndInvalidTokensBeforeRouting() {
        given().when().get("/api/v1/threads").then().statusCode(401);
        given().auth().oauth2(TestTokens.expired("pat-alice")).when().get("/api/v1/threads").then().statusCode(401);
        given().auth().oauth2("garbage").when().get("/api/v1/threads").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("mallory", "Patient/pat-alice", List.of("patient")) + "x")
                .when().get("/api/v1/threads").then().statusCode(401);
    }

    @Test
    void unknownPathsAreNotForwarded() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/threadsX")
                .then().statusCode(404);
        given().when().get("/q/health/live").then().statusCode(200).contentType(startsWith("application/json"));
    }
}
