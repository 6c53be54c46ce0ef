package health.rapport.notification.policy;

import static health.rapport.notification.support.NudgeTesting.OPS;
import static health.rapport.notification.support.NudgeTesting.db;
import static health.rapport.notification.support.NudgeTesting.policy;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import health.rapport.notification.policy.repository.NudgePolicyEntity;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET and PUT /api/v1/nudge-policy: ops only, every bad field named, stored in the database. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationTestResources.class)
class NudgePolicyResourceTest {

    @Test
    void opsReplaceThePolicyAndItIsStored() {
        Map<String, Object> policy = policy();
        policy.put("weeklyCap", 4);
        policy.put("quietStart", "19:30");
        policy.put("defaultZone", "Europe/Berlin");
        given().auth().oauth2(OPS).contentType("application/json").body(policy)
                .when().put("/api/v1/nudge-policy").then().statusCode(200)
                .body("weeklyCap", equalTo(4)).body("updatedBy", equalTo("olga")).body("updatedAt", notNullValue());
        given().auth().oauth2(OPS).when().get("/api/v1/nudge-policy").then().statusCode(200)
                .body("weeklyCap", equalTo(4))
                .body("quietStart", equalTo("19:30"))
                .body("quietEnd", equalTo("08:00"))
                .body("defaultZone", equalTo("Europe/Berlin"))
                .body("workingDays", hasItems("MONDAY", "FRIDAY"))
                .body("cooldownHours.OVERDUE_REPLIES", equalTo(24))
                .body("updatedBy", equalTo("olga"));
        NudgePolicyEntity row = db(() -> NudgePolicyEntity.<NudgePolicyEntity>findById(NudgePolicyEntity.ID));
        assertThat(row.document).contains("\"weeklyCap\":4").contains("Europe/Berlin");
        assertThat(row.updatedBy).isEqualTo("olga");
    }

    @Test
    void everyInvalidFieldIsNamed() {
        Map<String, Object> policy = policy();
        policy.put("weeklyCap", 0);
        policy.put("quietStart", "7pm");
        policy.put("workingDays", List.of("MONDAY", "FUNDAY"));
        policy.put("defaultZone", "Mars/Olympus");
        policy.put("cooldownHours", Map.of("NAGGING", 1));
        policy.put("opsEmail", "not-an-address");
        policy.remove("maxAttempts");
        given().auth().oauth2(OPS).contentType("application/json").body(policy)
                .when().put("/api/v1/nudge-policy").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://rapport.health/problems/validation"))
                .body("errors.field", containsInAnyOrder("cooldownHours.NAGGING", "weeklyCap", "quietStart",
                        "workingDays[1]", "defaultZone", "opsEmail", "maxAttempts"))
                .body("errors.find { it.field == 'defaultZone' }.reason",
                        equalTo("is not a known time zone (an IANA name such as America/New_York)"));

        given().auth().oauth2(OPS).contentType("application/json").body("{\"weeklyCap\": \"many\"}")
                .when().put("/api/v1/nudge-policy").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://rapport.health/problems/malformed-body"))
                .body("errors[0].field", equalTo("weeklyCap"));
        given().auth().oauth2(OPS).contentType("application/json").body("{not json")
                .when().put("/api/v1/nudge-policy").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyOpsMayReadOrChangeIt() {
        given().auth().oauth2(TestTokens.clinician("prac-bob")).when().get("/api/v1/nudge-policy").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.clinician("prac-bob")).contentType("application/json").body(policy())
                .when().put("/api/v1/nudge-policy").then().statusCode(403);
        given().when().get("/api/v1/nudge-policy").then().statusCode(401).contentType("application/problem+json");
    }
}
