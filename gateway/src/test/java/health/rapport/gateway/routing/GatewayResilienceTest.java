package health.rapport.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class GatewayResilienceTest {

    @Test
    void aSlowUpstreamGets504WithinTheRoutesTimeout() {
        long started = System.nanoTime();
        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/slow/thing")
                .then().statusCode(504).contentType("application/problem+json").body("status", equalTo(504));
        // the stand-in answers after 2 s; the route allows 300 ms
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_900);
        // the other routes to the same upstream do not wait for it
        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/threads").then().statusCode(200);
    }

    @Test
    void anUnreachableUpstreamOpensItsCircuitAndThenGets503AtOnce() {
        String token = TestTokens.patient("pat-alice");
        for (int attempt = 0; attempt < 3; attempt++) {
            given().auth().oauth2(token).when().get("/api/v1/broken/x")
                    .then().statusCode(502).contentType("application/problem+json");
        }
        given().auth().oauth2(token).when().get("/api/v1/broken/x")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("detail", startsWith("broken-service is not taking calls"));
        // one open circuit leaves the other upstreams alone
        given().auth().oauth2(token).when().get("/api/v1/threads").then().statusCode(200);
    }

    @Test
    void anUpstreamsOwn503sOpenItsCircuitItsOwn500sDoNot() {
        String token = TestTokens.patient("pat-alice");
        // 500 is the service's answer about this request, not about its health: passed on, never counted
        for (int attempt = 0; attempt < 5; attempt++) {
            given().auth().oauth2(token).when().get("/api/v1/overloaded/errors")
                    .then().statusCode(500).header("X-Upstream", "overloaded-service");
        }
        assertThat(EchoUpstreams.RECEIVED.get("/api/v1/overloaded/errors").get()).isEqualTo(5);
        // its own 503s are passed on as they are until the third, then the circuit opens
        for (int attempt = 0; attempt < 3; attempt++) {
            given().auth().oauth2(token).when().get("/api/v1/overloaded/items")
                    .then().statusCode(503).header("X-Upstream", "overloaded-service")
                    .body("title", equalTo("the upstream's own answer"));
        }
        given().auth().oauth2(token).when().get("/api/v1/overloaded/items")
                .then().statusCode(503).contentType("application/problem+json")
                .header("X-Upstream", nullValue()).header("Retry-After", "30")
                .body("detail", startsWith("overloaded-service is not taking calls"));
        assertThat(EchoUpstreams.RECEIVED.get("/api/v1/overloaded/items").get())
                .as("the open circuit kept the fourth call from the upstream").isEqualTo(3);
    }

    @Test
    void healthShowsEachUpstreamWhileReadinessStaysUp() {
        Response health = given().when().get("/q/health");
        health.then().statusCode(503);
        assertThat(health.<String>path("checks.find { it.name == 'upstreams' }.data.'message-service'")).isEqualTo("UP");
        assertThat(health.<String>path("checks.find { it.name == 'upstreams' }.data.'engagement-service'")).isEqualTo("UP");
        assertThat(health.<String>path("checks.find { it.name == 'upstreams' }.data.'notification-service'")).isEqualTo("UP");
        assertThat(health.<String>path("checks.find { it.name == 'upstreams' }.data.'broken-service'")).startsWith("DOWN");
        assertThat(health.<String>path("checks.find { it.name == 'upstreams' }.data.'message-service.circuit'"))
                .isEqualTo("CLOSED");
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aSubjectOverItsLimitGets429WithRetryAfter() {
        String token = TestTokens.patient("pat-limited");
        for (int call = 0; call < 3; call++) {
            given().auth().oauth2(token).when().get("/api/v1/limited").then().statusCode(200);
        }
        given().auth().oauth2(token).when().get("/api/v1/limited")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", "1");
        // another subject has its own bucket
        given().auth().oauth2(TestTokens.patient("pat-other")).when().get("/api/v1/limited").then().statusCode(200);
    }

    @Test
    void anAddressOverItsLimitGets429EvenWithoutAToken() {
        given().when().get("/api/v1/address-limited").then().statusCode(401);
        given().when().get("/api/v1/address-limited").then().statusCode(401);
        given().when().get("/api/v1/address-limited")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", "1");
    }
}
