package health.rapport.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import health.rapport.testsupport.BadTokens;
import health.rapport.testsupport.RawHttp;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@QuarkusTest
@WithTestResource(EchoUpstreams.class)
class GatewaySecurityTest {

    @Test
    void aMissingTokenGets401ProblemBeforeRouting() {
        int before = received("/api/v1/threads/secret");
        given().when().get("/api/v1/threads/secret")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401))
                .header("WWW-Authenticate", equalTo("Bearer"));
        assertThat(received("/api/v1/threads/secret")).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(BadTokens.Kind.class)
    void everyKindOfBadTokenGets401ProblemBeforeRouting(BadTokens.Kind kind) {
        int before = received("/api/v1/threads/secret");
        given().auth().oauth2(BadTokens.patient(kind, "pat-alice")).when().get("/api/v1/threads/secret")
                .then().statusCode(401).contentType("application/problem+json")
                .body("title", equalTo("Unauthorized"))
                .header("WWW-Authenticate", containsString("invalid_token"));
        given().auth().oauth2(BadTokens.ops(kind, "olga")).when().get("/api/v1/nudge-policy")
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(received("/api/v1/threads/secret")).as(kind.label()).isEqualTo(before);
    }

    @Test
    void aTokenVerifiedBeforeIsRefusedOnceItExpires() throws InterruptedException {
        String token = TestTokens.patientExpiringIn("pat-brief", 2);
        // verified, and remembered as verified, while valid
        given().auth().oauth2(token).when().get("/api/v1/threads").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/threads").then().statusCode(200);
        Thread.sleep(3_100);
        given().auth().oauth2(token).when().get("/api/v1/threads")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void eachRouteAdmitsOnlyItsRoles() {
        String patient = TestTokens.patient("pat-alice");
        String clinician = TestTokens.clinician("prac-bob");
        int before = received("/api/v1/nudge-policy") + received("/api/v1/engagement/evaluations");
        given().auth().oauth2(patient).contentType(ContentType.JSON).body("{}").when().put("/api/v1/nudge-policy")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(clinician).contentType(ContentType.JSON).body("{}").when().put("/api/v1/nudge-policy")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(patient).when().post("/api/v1/engagement/evaluations")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(patient).when().get("/api/v1/nudges")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(received("/api/v1/nudge-policy") + received("/api/v1/engagement/evaluations")).isEqualTo(before);
        given().auth().oauth2(TestTokens.ops("olga")).when().get("/api/v1/nudge-policy").then().statusCode(200);
        given().auth().oauth2(TestTokens.token("svc-ehr", null, List.of("ehr-system"))).when().get("/api/v1/threads")
                .then().statusCode(200).body("service", equalTo("message-service"));
    }

    @Test
    void pathsThatCouldMeanTwoThingsAreRefusedNotForwarded() {
        String token = TestTokens.ops("olga");
        int before = EchoUpstreams.RECEIVED.values().stream().mapToInt(AtomicInteger::get).sum();
        for (String path : List.of("/api/v1/threads/../engagement/providers", "/api/v1/threads/%2e%2e/engagement",
                "/api/v1/threads/%2E%2E/engagement", "/api/v1/threads/a%2Fb", "/api/v1/threads/a%2fb",
                "//api/v1/threads", "/api/v1/threads//x", "/api/v1/threads/./x", "/api/v1/threads/a%5Cb",
                "/api/v1/threads/a;jsessionid=1", "/api/v1/threads/a%00b", "/api/v1/threads/..")) {
            RawHttp.Reply answer = RawHttp.send(RestAssured.port, "GET", path,
                    List.of("Authorization: Bearer " + token), null);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
            assertThat(answer.body()).as(path).contains("\"field\":\"(path)\"");
        }
        assertThat(EchoUpstreams.RECEIVED.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(before);
    }

    @Test
    void oversizedBodiesGet413WhetherDeclaredOrChunked() {
        String token = TestTokens.patient("pat-alice");
        int before = received("/api/v1/threads/big/messages");
        byte[] body = new byte[100 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        given().auth().oauth2(token).contentType(ContentType.BINARY).body(body)
                .when().post("/api/v1/threads/big/messages")
                .then().statusCode(413).contentType("application/problem+json")
                .body("errors[0].field", equalTo("(body)"));
        assertThat(received("/api/v1/threads/big/messages")).as("a declared length over the limit").isEqualTo(before);
        given().auth().oauth2(token).contentType(ContentType.BINARY)
                .body(new java.io.ByteArrayInputStream(body))
                .when().post("/api/v1/threads/big/messages")
                .then().statusCode(413).contentType("application/problem+json");
        // a body within the limit, sent in chunks, passes whole
        byte[] small = new byte[32 * 1024];
        java.util.Arrays.fill(small, (byte) 'b');
        given().auth().oauth2(token).contentType(ContentType.TEXT)
                .body(new java.io.ByteArrayInputStream(small))
                .when().post("/api/v1/threads/small/messages")
                .then().statusCode(200).body("body", equalTo(new String(small)));
    }

    @Test
    void browsersFromPortalOriginsMayCallOthersMayNot() {
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/api/v1/threads")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "http://localhost:3000");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/threads")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("Origin", "http://localhost:3000")
                .when().get("/api/v1/threads")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "http://localhost:3000")
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (io.restassured.response.ValidatableResponse answer : List.of(
                given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/threads").then(),
                given().when().get("/api/v1/threads").then())) {
            answer.header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Strict-Transport-Security", containsString("max-age="))
                    .header("Cache-Control", "no-store")
                    .header("Content-Security-Policy", containsString("default-src 'none'"));
        }
    }

    static int received(String path) {
        return EchoUpstreams.RECEIVED.getOrDefault(path, new AtomicInteger()).get();
    }
}
