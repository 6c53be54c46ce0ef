package health.rapport.notification.nudge;

import static health.rapport.notification.support.NudgeTesting.OPS;
import static health.rapport.notification.support.NudgeTesting.newClinician;
import static health.rapport.notification.support.NudgeTesting.nudges;
import static health.rapport.notification.support.NudgeTesting.policy;
import static health.rapport.notification.support.NudgeTesting.putPolicy;
import static health.rapport.notification.support.NudgeTesting.send;
import static health.rapport.notification.support.NudgeTesting.tier;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import health.rapport.events.EngagementTier;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.support.ClockedTest;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.notification.support.TestWorld;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GET /api/v1/nudges/reports/effectiveness: engagement at the first low-engagement nudge and since. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationTestResources.class)
class EffectivenessReportTest extends ClockedTest {

    @Test
    void aNudgedClinicianWhoRecoveredShowsTheirFiguresBeforeAndAfter() {
        putPolicy(policy());
        String recovered = newClinician();
        String stillLow = newClinician();
        TestWorld.clinician(recovered, null, "America/New_York", null, "IN_APP", null);
        TestWorld.clinician(stillLow, null, "America/New_York", null, "IN_APP", null);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, recovered, tier(recovered, EngagementTier.MEDIUM, EngagementTier.LOW, WEDNESDAY_10_NY, 0.42, 0.35));
        send(bootstrap, stillLow, tier(stillLow, EngagementTier.MEDIUM, EngagementTier.LOW, WEDNESDAY_10_NY, 0.61, 0.2));
        await().atMost(Duration.ofSeconds(30)).until(() -> !nudges(recovered).isEmpty() && !nudges(stillLow).isEmpty()
                && nudges(recovered).get(0).status == NudgeStatus.DELIVERED
                && nudges(stillLow).get(0).status == NudgeStatus.DELIVERED);
        String token = TestTokens.clinician(recovered);
        given().auth().oauth2(token).when().post("/api/v1/nudges/" + nudges(recovered).get(0).id + "/ack").then()
                .statusCode(200);
        send(bootstrap, recovered, tier(recovered, EngagementTier.LOW, EngagementTier.HIGH,
                WEDNESDAY_10_NY.plus(Duration.ofDays(2)), 0.97, 0.85));
        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(recovered).size() == 2
                && nudges(recovered).get(1).status == NudgeStatus.DELIVERED); // the thanks

        String row = "clinicians.find { it.clinicianId == '%s' }.";
        given().auth().oauth2(OPS).queryParam("days", 30).when().get("/api/v1/nudges/reports/effectiveness").then()
                .statusCode(200)
                .body(String.format(row, recovered) + "nudgesDelivered", equalTo(2))
                .body(String.format(row, recovered) + "acknowledged", equalTo(1))
                .body(String.format(row, recovered) + "before.tier", equalTo("LOW"))
                .body(String.format(row, recovered) + "before.shareAnsweredWithinTarget", equalTo(0.42f))
                .body(String.format(row, recovered) + "after.tier", equalTo("HIGH"))
                .body(String.format(row, recovered) + "after.shareAnsweredWithinTarget", equalTo(0.97f))
                .body(String.format(row, recovered) + "changeInShareWithinTarget", equalTo(0.55f))
                .body(String.format(row, recovered) + "recovered", equalTo(true))
                .body(String.format(row, stillLow) + "before.shareAnsweredWithinTarget", equalTo(0.61f))
                .body(String.format(row, stillLow) + "after", nullValue())
                .body(String.format(row, stillLow) + "recovered", equalTo(false))
                .body("clinicians.findAll { it.clinicianId == '" + recovered + "' }", hasSize(1));

        given().auth().oauth2(OPS).queryParam("days", 0).when().get("/api/v1/nudges/reports/effectiveness").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("days"));
        given().auth().oauth2(token).when().get("/api/v1/nudges/reports/effectiveness").then().statusCode(403);
    }
}
