package health.rapport.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
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
        String clinician = TestTokens.clinician("prac-bob");
        given().auth().oauth2(clinician).when().get("/api/v1/engagement/providers/prac-bob")
                .then().statusCode(200).body("service", equalTo("engagement-service"));
        given().auth().oauth2(clinician).when().get("/api/v1/nudges")
                .then().statusCode(200).body("service", equalTo("notification-service"));
        given().auth().oauth2(TestTokens.ops("olga")).when().get("/api/v1/nudge-policy")
                .then().statusCode(200).body("service", equalTo("notification-service"));
    }

    @Test
    void theForwardingHeadersAreTheGatewaysOwnNeverTheClients() {
        Response answer = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Forwarded", "for=203.0.113.9;host=evil.example")
                .header("X-Real-IP", "203.0.113.9")
                .header("Connection", "X-Secret")
                .header("X-Secret", "hop-by-hop")
                .when().get("/api/v1/threads");
        answer.then().statusCode(200)
                .body("headers.x-forwarded-host", equalTo("localhost:" + io.restassured.RestAssured.port))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.forwarded", nullValue())
                .body("headers.x-real-ip", nullValue())
                .body("headers.x-secret", nullValue());
        // hop-by-hop answer headers stay behind too; the others pass
        assertThat(answer.header("X-Hop")).isNull();
        assertThat(answer.header("X-Upstream")).isEqualTo("message-service");
    }

    @Test
    void everyCallGetsARequestIdAndContinuesTheCallersTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Response answer = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("tracestate", "portal=7")
                .when().get("/api/v1/threads");
        answer.then().statusCode(200);
        String forwardedId = answer.path("headers.x-request-id");
        assertThat(forwardedId).matches("[0-9a-f-]{36}");
        assertThat(answer.header("X-Request-Id")).isEqualTo(forwardedId);
        String traceparent = answer.path("headers.traceparent");
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01").doesNotContain("00f067aa0ba902b7");
        assertThat((String) answer.path("headers.tracestate")).isEqualTo("portal=7");

        Response fresh = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
                .header("tracestate", "portal=7")
                .when().get("/api/v1/threads");
        String newTrace = fresh.path("headers.traceparent");
        assertThat(newTrace).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00").doesNotContain("0000000000000000000000");
        assertThat((String) fresh.path("headers.tracestate")).as("no tracestate without a valid parent").isNull();
        assertThat(fresh.header("X-Request-Id")).isNotEqualTo(forwardedId);
    }

    @Test
    void aWellFormedClientRequestIdIsKeptAMalformedOneRefused() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("X-Request-Id", "portal-42.a_b")
                .when().get("/api/v1/threads")
                .then().statusCode(200).header("X-Request-Id", "portal-42.a_b")
                .body("headers.x-request-id", equalTo("portal-42.a_b"));
        int before = EchoUpstreams.RECEIVED.getOrDefault("/api/v1/threads/forged",
                new java.util.concurrent.atomic.AtomicInteger()).get();
        for (String forged : new String[] {"two words", "x".repeat(65), "id\"};drop", "<script>"}) {
            given().auth().oauth2(TestTokens.patient("pat-alice")).header("X-Request-Id", forged)
                    .when().get("/api/v1/threads/forged")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("X-Request-Id"))
                    .header("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
        }
        assertThat(EchoUpstreams.RECEIVED.getOrDefault("/api/v1/threads/forged",
                new java.util.concurrent.atomic.AtomicInteger()).get()).isEqualTo(before);
    }

    @Test
    void unknownPathsAreNotForwarded() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/threadsX")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(TestTokens.ops("olga")).when().get("/api/v2/threads")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/q/health/live").then().statusCode(200).contentType(startsWith("application/json"));
    }

    @Test
    void requestMetricsNameTheRouteShapeNeverAnId() {
        String token = TestTokens.patient("pat-alice");
        given().auth().oauth2(token).when().get("/api/v1/threads/3f0c9a1e-metrics-id").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/threads/3f0c9a1e-metrics-id/messages").then().statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("uri=\"/api/v1/threads/{id}\"").contains("uri=\"/api/v1/threads/{id}/messages\"")
                .doesNotContain("3f0c9a1e-metrics-id");
    }
}
