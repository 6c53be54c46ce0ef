package health.rapport.engagement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.testsupport.BadTokens;
import health.rapport.testsupport.RawHttp;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7's security matrix directly against engagement-service: every bad token kind, role escalation onto the
 * ops routes (refused, and no evaluation runs), clinicians confined to their own figures, path tricks and an
 * oversized body. Every refusal is a problem+json.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SecurityMatrixTest {

    private static final String X = "prac-x-" + UUID.randomUUID();
    private static final String Y = "prac-y-" + UUID.randomUUID();
    private static final String PERIOD = "?from=2026-01-01&to=2026-01-31";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** method, path: every route of the service. */
    private static List<String[]> routes() {
        return List.of(
                new String[] {"GET", "/api/v1/engagement/providers"},
                new String[] {"GET", "/api/v1/engagement/providers/" + X},
                new String[] {"POST", "/api/v1/engagement/evaluations"},
                new String[] {"GET", "/api/v1/engagement/reports/secure-messaging-measure" + PERIOD},
                new String[] {"GET", "/api/v1/engagement/reports/cohort" + PERIOD});
    }

    private static Response call(String token, String method, String path) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return method.equals("GET") ? request.get(path) : request.post(path);
    }

    private static void assertProblem(SoftAssertions soft, String what, Response response, int status) {
        soft.assertThat(response.statusCode()).as("%s: status", what).isEqualTo(status);
        soft.assertThat(response.contentType()).as("%s: content type", what).startsWith("application/problem+json");
        soft.assertThat(response.asString()).as("%s: body", what).contains("\"status\":" + status)
                .contains("\"detail\"");
    }

    /** The evaluations so far: a refused POST /evaluations must not add one. */
    private String evaluations() throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                ResultSet rs = db.createStatement().executeQuery(
                        "select count(*) || '/' || coalesce(max(evaluated_at)::text, '-') from clinician")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest
    @EnumSource(BadTokens.Kind.class)
    void everyBadTokenKindIsA401ProblemNamingTheReason(BadTokens.Kind kind) throws Exception {
        String before = evaluations();
        SoftAssertions soft = new SoftAssertions();
        for (String token : List.of(BadTokens.clinician(kind, X), BadTokens.ops(kind, "olga"))) {
            for (String[] route : routes()) {
                Response response = call(token, route[0], route[1]);
                String what = kind + " " + route[0] + " " + route[1];
                assertProblem(soft, what, response, 401);
                soft.assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
                soft.assertThat(response.asString()).as(what).contains(BadTokens.reasonNamedByServices(kind));
            }
        }
        soft.assertThat(evaluations()).isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void noTokenIsA401Problem() {
        SoftAssertions soft = new SoftAssertions();
        for (String[] route : routes()) {
            Response response = call(null, route[0], route[1]);
            assertProblem(soft, "no token " + route[1], response, 401);
            soft.assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        soft.assertAll();
    }

    @Test
    void patientsCliniciansAndSystemsGetNoOpsRoute() throws Exception {
        String before = evaluations();
        SoftAssertions soft = new SoftAssertions();
        String patient = TestTokens.patient("pat-" + UUID.randomUUID());
        String clinician = TestTokens.clinician(X);
        String ehr = TestTokens.token("svc-ehr", null, List.of("ehr-system"));
        String wrongCase = TestTokens.token("mallory", "Practitioner/" + X, List.of("Ops", "OPS", "admin"));
        List<String[]> opsOnly = List.of(routes().get(0), routes().get(2), routes().get(4));
        for (String[] route : opsOnly) {
            for (var actor : List.of(new String[] {"patient", patient}, new String[] {"clinician", clinician},
                    new String[] {"ehr-system", ehr}, new String[] {"wrong-case ops", wrongCase})) {
                assertProblem(soft, actor[0] + " " + route[0] + " " + route[1], call(actor[1], route[0], route[1]),
                        403);
            }
        }
        // the measure report: clinicians get their own row, never a patient or a system
        for (String token : List.of(patient, ehr)) {
            assertProblem(soft, "measure report", call(token, "GET", routes().get(3)[1]), 403);
        }
        soft.assertThat(evaluations()).as("no evaluation ran").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void aClinicianSeesOnlyTheirOwnFigures() {
        SoftAssertions soft = new SoftAssertions();
        String x = TestTokens.clinician(X);
        soft.assertThat(call(x, "GET", "/api/v1/engagement/providers/" + X).statusCode()).isEqualTo(200);
        assertProblem(soft, "X reads Y", call(x, "GET", "/api/v1/engagement/providers/" + Y), 403);
        assertProblem(soft, "patient reads X", call(TestTokens.patient("pat-" + UUID.randomUUID()), "GET",
                "/api/v1/engagement/providers/" + X), 403);
        // a clinician role with a Patient fhirUser is not clinician X, whatever the username says
        String forged = TestTokens.token(X, "Patient/" + X, List.of("clinician"));
        assertProblem(soft, "forged fhirUser", call(forged, "GET", "/api/v1/engagement/providers/" + X), 403);
        // the measure report for X holds X's row only
        List<String> ids = given().auth().oauth2(x).get(routes().get(3)[1]).then().statusCode(200).extract()
                .path("clinicians.clinicianId");
        soft.assertThat(ids).allMatch(X::equals);
        soft.assertThat(call(TestTokens.ops("olga"), "GET", "/api/v1/engagement/providers/" + Y).statusCode())
                .isEqualTo(200);
        soft.assertAll();
    }

    @Test
    void pathTricksNeverReachAnotherClinicianNorFail() {
        int port = RestAssured.port;
        String x = "Authorization: Bearer " + TestTokens.clinician(X);
        SoftAssertions soft = new SoftAssertions();
        for (String target : List.of(
                "/api/v1/engagement/providers/" + X + "/../" + Y,
                "/api/v1/engagement/providers/" + X + "/%2e%2e/" + Y,
                "/api/v1/engagement/providers/" + X + "%2F..%2F" + Y,
                "/api/v1/engagement/providers/%2F" + Y,
                "//api/v1/engagement/providers/" + Y,
                "/api/v1/engagement//providers/" + Y,
                "/api/v1/engagement/providers/" + Y + ";x=" + X,
                "/api/v1/engagement/providers/..%2F..%2Fthreads",
                "/api/v1/engagement/reports/../providers",
                "/api/v1/engagement/nothing-here")) {
            RawHttp.Reply reply = RawHttp.send(port, "GET", target, List.of(x), null);
            String what = "GET " + target;
            soft.assertThat(reply.status()).as(what).isIn(400, 403, 404);
            soft.assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
            soft.assertThat(reply.body()).as(what).doesNotContain("\"providerId\"");
        }
        RawHttp.Reply put = RawHttp.send(port, "PUT", "/api/v1/engagement/evaluations", List.of(x), "{}");
        soft.assertThat(put.status()).as("PUT evaluations").isEqualTo(405);
        soft.assertThat(put.contentType()).as("PUT evaluations").startsWith("application/problem+json");
        soft.assertAll();
    }

    @Test
    void anOversizedBodyIsA413Problem() throws Exception {
        String before = evaluations();
        // declared above quarkus.http.limits.max-body-size (10240K): refused before a byte is read
        RawHttp.Reply reply = RawHttp.send(RestAssured.port, "POST", "/api/v1/engagement/evaluations",
                List.of("Authorization: Bearer " + TestTokens.ops("olga"), "Content-Type: application/json",
                        "Content-Length: 20000000"), null);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body()).contains("\"status\":413");
        assertThat(evaluations()).isEqualTo(before);
    }
}
