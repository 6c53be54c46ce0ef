package health.rapport.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.events.NudgeKind;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.policy.repository.NudgePolicyEntity;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.notification.support.NudgeTesting;
import health.rapport.testsupport.BadTokens;
import health.rapport.testsupport.RawHttp;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7's security matrix directly against notification-service: every bad token kind, role escalation onto
 * the ops routes (refused, the policy unchanged), clinician X never acting on clinician Y's nudges (404, Y's nudge
 * unchanged), the inbox holding only the caller's nudges, path tricks and an oversized body.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationTestResources.class)
class SecurityMatrixTest {

    private static final String X = "prac-x-" + UUID.randomUUID();
    private static final String Y = "prac-y-" + UUID.randomUUID();
    private static String nudgeOfX;
    private static String nudgeOfY;

    @BeforeEach
    void nudges() {
        if (nudgeOfX == null) {
            nudgeOfX = deliveredNudge(X);
            nudgeOfY = deliveredNudge(Y);
        }
    }

    /** A nudge already delivered in-app, written straight into the database (the lifecycle tests make real ones). */
    private static String deliveredNudge(String clinician) {
        NudgeEntity nudge = new NudgeEntity();
        nudge.id = UUID.randomUUID().toString();
        nudge.clinicianId = clinician;
        nudge.kind = NudgeKind.OVERDUE_REPLIES;
        nudge.status = NudgeStatus.DELIVERED;
        nudge.reason = "2 patient messages wait beyond target";
        nudge.causeEventId = UUID.randomUUID().toString();
        nudge.zone = "America/New_York";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        nudge.createdAt = now;
        nudge.deliverAt = now;
        nudge.deliveredAt = now;
        nudge.itemCount = 2;
        nudge.oldestWaitingSince = now.minus(4, ChronoUnit.DAYS);
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(nudge::persist));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return nudge.id;
    }

    private static NudgeEntity row(String id) {
        return NudgeTesting.db(() -> NudgeEntity.<NudgeEntity>findById(id));
    }

    /** method, path, body: every route of the service (the nudge routes on X's own nudge). */
    private static List<String[]> routes() {
        return List.of(
                new String[] {"GET", "/api/v1/nudges", null},
                new String[] {"POST", "/api/v1/nudges/" + nudgeOfX + "/ack", null},
                new String[] {"POST", "/api/v1/nudges/" + nudgeOfX + "/snooze", "{\"hours\":2}"},
                new String[] {"GET", "/api/v1/nudges/preferences", null},
                new String[] {"PUT", "/api/v1/nudges/preferences", "{\"optOut\":true}"},
                new String[] {"GET", "/api/v1/nudges/reports/effectiveness", null},
                new String[] {"GET", "/api/v1/nudge-policy", null},
                new String[] {"PUT", "/api/v1/nudge-policy", "{\"weeklyCap\":1}"});
    }

    private static Response call(String token, String[] route) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (!route[0].equals("GET")) {
            request = request.contentType(ContentType.JSON).body(route[2] == null ? "{}" : route[2]);
        }
        return switch (route[0]) {
            case "GET" -> request.get(route[1]);
            case "PUT" -> request.put(route[1]);
            default -> request.post(route[1]);
        };
    }

    private static void assertProblem(SoftAssertions soft, String what, Response response, int status) {
        soft.assertThat(response.statusCode()).as("%s: status", what).isEqualTo(status);
        soft.assertThat(response.contentType()).as("%s: content type", what).startsWith("application/problem+json");
        soft.assertThat(response.asString()).as("%s: body", what).contains("\"status\":" + status)
                .contains("\"detail\"");
    }

    /** What refused calls must leave alone: X's nudge, the policy row, X's preference. */
    private String state() {
        NudgeEntity x = row(nudgeOfX);
        NudgePolicyEntity policy = NudgeTesting.db(() -> NudgePolicyEntity.<NudgePolicyEntity>findById(
                NudgePolicyEntity.ID));
        String preferences = given().auth().oauth2(TestTokens.clinician(X)).get("/api/v1/nudges/preferences")
                .then().statusCode(200).extract().asString();
        return x.status + "/" + x.acknowledgedAt + "/" + x.snoozedUntil + " policy "
                + (policy == null ? "none" : policy.updatedAt + " " + policy.document) + " " + preferences;
    }

    @ParameterizedTest
    @EnumSource(BadTokens.Kind.class)
    void everyBadTokenKindIsA401ProblemNamingTheReason(BadTokens.Kind kind) {
        String before = state();
        SoftAssertions soft = new SoftAssertions();
        for (String token : List.of(BadTokens.clinician(kind, X), BadTokens.ops(kind, "olga"))) {
            for (String[] route : routes()) {
                Response response = call(token, route);
                String what = kind + " " + route[0] + " " + route[1];
                assertProblem(soft, what, response, 401);
                soft.assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
                soft.assertThat(response.asString()).as(what).contains(BadTokens.reasonNamedByServices(kind));
            }
        }
        soft.assertThat(state()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void noTokenIsA401Problem() {
        String before = state();
        SoftAssertions soft = new SoftAssertions();
        for (String[] route : routes()) {
            Response response = call(null, route);
            assertProblem(soft, "no token " + route[0] + " " + route[1], response, 401);
            soft.assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        soft.assertThat(state()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void patientsCliniciansAndSystemsGetNoOpsRouteAndThePolicyStays() {
        String policy = given().auth().oauth2(NudgeTesting.OPS).get("/api/v1/nudge-policy").then().statusCode(200)
                .extract().asString();
        String before = state();
        SoftAssertions soft = new SoftAssertions();
        String patient = TestTokens.patient("pat-" + UUID.randomUUID());
        String ehr = TestTokens.token("svc-ehr", null, List.of("ehr-system"));
        String wrongCase = TestTokens.token("mallory", "Practitioner/" + X, List.of("Ops", "OPS", "admin"));
        for (String[] route : routes().subList(5, 8)) {
            for (var actor : List.of(new String[] {"patient", patient}, new String[] {"clinician", TestTokens.clinician(X)},
                    new String[] {"ehr-system", ehr}, new String[] {"wrong-case ops", wrongCase})) {
                assertProblem(soft, actor[0] + " " + route[0] + " " + route[1], call(actor[1], route), 403);
            }
        }
        // the whole policy, valid, from a clinician: still 403
        Response put = given().auth().oauth2(TestTokens.clinician(X)).contentType(ContentType.JSON)
                .body(NudgeTesting.policy()).put("/api/v1/nudge-policy");
        assertProblem(soft, "clinician PUTs a valid policy", put, 403);
        // the nudge routes are for clinicians: patients, ops and systems get 403
        for (String[] route : routes().subList(0, 5)) {
            for (String token : List.of(patient, NudgeTesting.OPS, ehr)) {
                assertProblem(soft, "non-clinician " + route[0] + " " + route[1], call(token, route), 403);
            }
        }
        soft.assertThat(given().auth().oauth2(NudgeTesting.OPS).get("/api/v1/nudge-policy").then().statusCode(200)
                .extract().asString()).as("policy after refused PUTs").isEqualTo(policy);
        soft.assertThat(state()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void clinicianXNeverActsOnClinicianYsNudges() {
        NudgeEntity yBefore = row(nudgeOfY);
        String x = TestTokens.clinician(X);
        SoftAssertions soft = new SoftAssertions();
        assertProblem(soft, "X acks Y's nudge", given().auth().oauth2(x).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/nudges/{id}/ack", nudgeOfY), 404);
        assertProblem(soft, "X snoozes Y's nudge", given().auth().oauth2(x).contentType(ContentType.JSON)
                .body("{\"hours\":3}").post("/api/v1/nudges/{id}/snooze", nudgeOfY), 404);
        // the same answer as for a nudge that does not exist
        assertProblem(soft, "X acks an absent nudge", given().auth().oauth2(x).contentType(ContentType.JSON)
                .body("{}").post("/api/v1/nudges/{id}/ack", UUID.randomUUID().toString()), 404);
        NudgeEntity yAfter = row(nudgeOfY);
        soft.assertThat(yAfter.status).isEqualTo(NudgeStatus.DELIVERED);
        soft.assertThat(yAfter.acknowledgedAt).isNull();
        soft.assertThat(yAfter.snoozedUntil).isNull();
        soft.assertThat(yAfter.status).isEqualTo(yBefore.status);
        // X's snooze attempt on Y's nudge paused neither of them
        soft.assertThat(given().auth().oauth2(TestTokens.clinician(Y)).get("/api/v1/nudges/preferences").then()
                .statusCode(200).extract().<Object>path("snoozedUntil")).isNull();
        // each inbox holds its owner's nudges only
        List<String> xs = given().auth().oauth2(x).get("/api/v1/nudges?limit=100").then().statusCode(200).extract()
                .path("items.id");
        List<String> ys = given().auth().oauth2(TestTokens.clinician(Y)).get("/api/v1/nudges?limit=100").then()
                .statusCode(200).extract().path("items.id");
        soft.assertThat(xs).contains(nudgeOfX).doesNotContain(nudgeOfY);
        soft.assertThat(ys).contains(nudgeOfY).doesNotContain(nudgeOfX);
        soft.assertAll();
    }

    @Test
    void pathTricksNeverReachAnotherNudgeNorFail() {
        int port = RestAssured.port;
        String x = "Authorization: Bearer " + TestTokens.clinician(X);
        String y = nudgeOfY;
        SoftAssertions soft = new SoftAssertions();
        for (String target : List.of(
                "/api/v1/nudges/" + nudgeOfX + "/../" + y + "/ack",
                "/api/v1/nudges/" + nudgeOfX + "/%2e%2e/" + y + "/ack",
                "/api/v1/nudges/" + nudgeOfX + "%2F..%2F" + y + "/ack",
                "/api/v1/nudges/%2F" + y + "/ack",
                "//api/v1/nudges/" + y + "/ack",
                "/api/v1/nudges//" + y + "/ack",
                "/api/v1/nudges/" + y + ";x=1/ack",
                "/api/v1/nudges/../nudge-policy",
                "/api/v1/nudges/reports/../../nudge-policy",
                "/api/v1/nothing-here")) {
            RawHttp.Reply reply = RawHttp.send(port, "POST", target, List.of(x, "Content-Type: application/json"), "{}");
            String what = "POST " + target;
            soft.assertThat(reply.status()).as(what).isIn(400, 403, 404, 405);
            soft.assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
        }
        soft.assertThat(row(y).status).isEqualTo(NudgeStatus.DELIVERED);
        RawHttp.Reply delete = RawHttp.send(port, "DELETE", "/api/v1/nudge-policy",
                List.of("Authorization: Bearer " + NudgeTesting.OPS), null);
        soft.assertThat(delete.status()).as("DELETE policy").isEqualTo(405);
        soft.assertThat(delete.contentType()).as("DELETE policy").startsWith("application/problem+json");
        soft.assertAll();
    }

    @Test
    void anOversizedBodyIsA413ProblemAndThePolicyStays() {
        String policy = given().auth().oauth2(NudgeTesting.OPS).get("/api/v1/nudge-policy").then().statusCode(200)
                .extract().asString();
        RawHttp.Reply declared = RawHttp.send(RestAssured.port, "PUT", "/api/v1/nudge-policy",
                List.of("Authorization: Bearer " + NudgeTesting.OPS, "Content-Type: application/json",
                        "Content-Length: 20000000"), null);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");
        assertThat(declared.body()).contains("\"status\":413");
        assertThat(given().auth().oauth2(NudgeTesting.OPS).get("/api/v1/nudge-policy").then().statusCode(200)
                .extract().asString()).isEqualTo(policy);
    }
}
