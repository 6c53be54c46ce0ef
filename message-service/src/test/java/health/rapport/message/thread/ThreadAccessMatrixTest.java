package health.rapport.message.thread;

import static io.restassured.RestAssured.given;

import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Object-level authorisation: every role against every endpoint, on its own thread and on someone else's.
 * A thread the caller may not see is a 404 (no existence leak); a role that may not act is a 403.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ThreadAccessMatrixTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void everyRoleAgainstEveryEndpoint() {
        CareTeams.Pair owners = CareTeams.fresh(jdbcUrl);
        CareTeams.Pair others = CareTeams.fresh(jdbcUrl);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("owner patient", TestTokens.patient(owners.patient()));
        tokens.put("owner clinician", TestTokens.clinician(owners.clinician()));
        tokens.put("other patient", TestTokens.patient(others.patient()));
        tokens.put("other clinician", TestTokens.clinician(others.clinician()));
        tokens.put("ops", TestTokens.ops("olga"));
        tokens.put("unknown fhirUser", TestTokens.patient("pat-nobody-knows"));
        tokens.put("patient role, practitioner fhirUser", TestTokens.token("mallory", "Practitioner/" + owners.clinician(),
                List.of("patient")));

        String thread = given().auth().oauth2(tokens.get("owner patient")).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/" + owners.clinician(), "subject", "Rash",
                        "category", "medical-question", "body", "A rash since Monday."))
                .post("/api/v1/threads").then().statusCode(201).extract().path("id");
        String messages = "/api/v1/threads/" + thread + "/messages";
        Map<String, String> reply = Map.of("body", "Thanks for the update.");

        SoftAssertions soft = new SoftAssertions();
        // actor -> expected status, per request
        check(soft, tokens, "GET", "/api/v1/threads/" + thread, null, Map.of("owner patient", 200, "owner clinician",
                200, "other patient", 404, "other clinician", 404, "ops", 200, "unknown fhirUser", 403,
                "patient role, practitioner fhirUser", 403));
        check(soft, tokens, "POST", messages, reply, Map.of("owner patient", 201, "owner clinician", 201,
                "other patient", 404, "other clinician", 404, "ops", 403, "unknown fhirUser", 403,
                "patient role, practitioner fhirUser", 403));
        check(soft, tokens, "POST", "/api/v1/threads/" + thread + "/read", Map.of(), Map.of("owner patient", 200,
                "owner clinician", 200, "other patient", 404, "other clinician", 404, "ops", 403,
                "unknown fhirUser", 403, "patient role, practitioner fhirUser", 403));
        check(soft, tokens, "GET", "/api/v1/threads", null, Map.of("owner patient", 200, "owner clinician", 200,
                "other patient", 200, "other clinician", 200, "ops", 400, "unknown fhirUser", 403,
                "patient role, practitioner fhirUser", 403));
        check(soft, tokens, "GET", "/api/v1/threads/unread-count", null, Map.of("owner patient", 200,
                "owner clinician", 200, "other patient", 200, "other clinician", 200, "ops", 403,
                "unknown fhirUser", 403, "patient role, practitioner fhirUser", 403));
        check(soft, tokens, "POST", "/api/v1/threads", Map.of("recipient", "Practitioner/" + owners.clinician(),
                "subject", "Hello", "category", "other", "body", "Hello"), Map.of("owner patient", 201,
                "other patient", 422, "ops", 403, "unknown fhirUser", 403));
        for (String action : List.of("close", "reopen")) {
            check(soft, tokens, "POST", "/api/v1/threads/" + thread + "/" + action, null, Map.of("other patient", 404,
                    "other clinician", 404, "ops", 403, "unknown fhirUser", 403));
        }
        check(soft, tokens, "POST", "/api/v1/threads/" + thread + "/close", null, Map.of("owner clinician", 200));
        check(soft, tokens, "POST", messages, reply, Map.of("owner patient", 409, "owner clinician", 409));
        check(soft, tokens, "POST", "/api/v1/threads/" + thread + "/reopen", null, Map.of("owner patient", 200));
        check(soft, tokens, "POST", messages, reply, Map.of("owner patient", 201));
        soft.assertAll();

        // Others' lists never contain the thread; ops see it only by naming a participant, and without text.
        soft = new SoftAssertions();
        for (String actor : List.of("other patient", "other clinician")) {
            List<String> ids = given().auth().oauth2(tokens.get(actor)).get("/api/v1/threads").then().statusCode(200)
                    .extract().path("items.id");
            soft.assertThat(ids).as(actor).doesNotContain(thread);
        }
        List<String> opsIds = given().auth().oauth2(tokens.get("ops")).queryParam("participant",
                        "Practitioner/" + owners.clinician())
                .get("/api/v1/threads").then().statusCode(200).extract().path("items.id");
        soft.assertThat(opsIds).contains(thread);
        List<Object> opsBodies = given().auth().oauth2(tokens.get("ops")).get("/api/v1/threads/" + thread)
                .then().statusCode(200).extract().path("messages.body");
        soft.assertThat(opsBodies).isNotEmpty().containsOnlyNulls();
        soft.assertAll();
    }

    private static void check(SoftAssertions soft, Map<String, String> tokens, String method, String path,
            Map<String, ?> body, Map<String, Integer> expected) {
        expected.forEach((actor, status) -> {
            RequestSpecification request = given().auth().oauth2(tokens.get(actor));
            if (body != null) {
                request = request.contentType(ContentType.JSON).body(body);
            } else if (method.equals("POST")) {
                request = request.contentType(ContentType.JSON);
            }
            Response response = method.equals("GET") ? request.get(path) : request.post(path);
            soft.assertThat(response.statusCode()).as("%s %s as %s", method, path, actor).isEqualTo(status);
            if (status >= 400) {
                soft.assertThat(response.contentType()).as("%s %s as %s is problem+json", method, path, actor)
                        .startsWith("application/problem+json");
            }
        });
    }
}
