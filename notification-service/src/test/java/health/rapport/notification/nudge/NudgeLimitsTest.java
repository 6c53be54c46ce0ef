package health.rapport.notification.nudge;

import static health.rapport.notification.support.NudgeTesting.answer;
import static health.rapport.notification.support.NudgeTesting.deliveries;
import static health.rapport.notification.support.NudgeTesting.newClinician;
import static health.rapport.notification.support.NudgeTesting.nudges;
import static health.rapport.notification.support.NudgeTesting.overdue;
import static health.rapport.notification.support.NudgeTesting.policy;
import static health.rapport.notification.support.NudgeTesting.putPolicy;
import static health.rapport.notification.support.NudgeTesting.send;
import static health.rapport.notification.support.NudgeTesting.tier;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import health.rapport.events.CloudEvent;
import health.rapport.events.EngagementTier;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.NudgeKind;
import health.rapport.notification.nudge.repository.DeliveryEntity;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeItemEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.notification.support.NudgeTesting;
import health.rapport.notification.support.ClockedTest;
import health.rapport.notification.support.TestWorld;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy's limits with a controlled clock: weekly cap, suppression, snooze, opt-out, escalation. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationTestResources.class)
class NudgeLimitsTest extends ClockedTest {

    @Test
    void theWeeklyCapDefersTheNextNudgeUntilTheOldestLeavesTheWeek() {
        Map<String, Object> policy = policy();
        policy.put("weeklyCap", 1);
        putPolicy(policy);
        String clinician = newClinician();
        TestWorld.clinician(clinician, null, "America/New_York", null, "IN_APP", null);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(clinician, 0) == NudgeStatus.DELIVERED);
        Instant firstDelivered = nudges(clinician).get(0).deliveredAt;

        send(bootstrap, clinician, tier(clinician, EngagementTier.MEDIUM, EngagementTier.LOW, WEDNESDAY_10_NY));
        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(clinician).size() == 2
                && nudges(clinician).get(1).reason != null && nudges(clinician).get(1).reason.contains("weekly cap"));
        NudgeEntity capped = nudges(clinician).get(1);
        assertThat(capped.kind).isEqualTo(NudgeKind.LOW_ENGAGEMENT);
        assertThat(capped.status).isEqualTo(NudgeStatus.SCHEDULED);
        DeliveryEntity waiting = deliveries(capped.id).get(0);
        assertThat(waiting.status).isEqualTo(DeliveryEntity.Status.PENDING);
        assertThat(waiting.attempts).isZero();
        // Next Wednesday, a second after the first nudge leaves the 7 days (10:00 in New York: inside the window).
        assertThat(waiting.dueAt).isEqualTo(firstDelivered.plus(Duration.ofDays(7)).plusSeconds(1));
    }

    @Test
    void aLowEngagementSummaryIsSuppressedWhenTheClinicianRecoversBeforeItGoesOut() {
        putPolicy(policy());
        String clinician = newClinician();
        TestWorld.clinician(clinician, null, "America/New_York", null, "IN_APP", null);
        clock.set(MONDAY_NIGHT_NY);

        send(bootstrap, clinician,
                tier(clinician, EngagementTier.MEDIUM, EngagementTier.LOW, MONDAY_NIGHT_NY.minusSeconds(60)),
                tier(clinician, EngagementTier.LOW, EngagementTier.MEDIUM, MONDAY_NIGHT_NY));
        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(clinician).size() == 2);
        assertThat(nudges(clinician)).extracting(n -> n.kind)
                .containsExactly(NudgeKind.LOW_ENGAGEMENT, NudgeKind.RECOVERY_THANKS);
        assertThat(nudges(clinician)).allSatisfy(n -> {
            assertThat(n.status).isEqualTo(NudgeStatus.SCHEDULED);
            assertThat(n.deliverAt).isEqualTo(TUESDAY_8_NY);
        });

        clock.set(TUESDAY_8_NY.plusSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(clinician, 0) == NudgeStatus.SUPPRESSED
                && status(clinician, 1) == NudgeStatus.DELIVERED);
        NudgeEntity suppressed = nudges(clinician).get(0);
        assertThat(suppressed.reason).isEqualTo("cause gone: the clinician's tier is now MEDIUM");
        assertThat(deliveries(suppressed.id)).extracting(d -> d.status).containsExactly(DeliveryEntity.Status.SUPPRESSED);
        given().auth().oauth2(TestTokens.clinician(clinician)).when().get("/api/v1/nudges").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].kind", equalTo("RECOVERY_THANKS"));
    }

    @Test
    void answeredMessagesLeaveTheDigestAndAnAllAnsweredDigestIsSuppressed() {
        putPolicy(policy());
        String partly = newClinician();
        String fully = newClinician();
        TestWorld.clinician(partly, null, "America/New_York", null, "IN_APP", null);
        TestWorld.clinician(fully, null, "America/New_York", null, "IN_APP", null);
        clock.set(MONDAY_NIGHT_NY);
        CloudEvent<ReplyOverdue> older = overdue(partly, MONDAY_NIGHT_NY, Duration.ofDays(6));
        CloudEvent<ReplyOverdue> newer = overdue(partly, MONDAY_NIGHT_NY, Duration.ofDays(4));
        CloudEvent<ReplyOverdue> only = overdue(fully, MONDAY_NIGHT_NY, Duration.ofDays(4));

        send(bootstrap, partly, older, newer);
        send(bootstrap, fully, only);
        await().atMost(Duration.ofSeconds(30)).until(() -> !nudges(partly).isEmpty() && nudges(partly).get(0).itemCount == 2
                && !nudges(fully).isEmpty());
        answer(bootstrap, partly, MONDAY_NIGHT_NY.plusSeconds(60), older.data().messageId());
        answer(bootstrap, fully, MONDAY_NIGHT_NY.plusSeconds(60), only.data().messageId());
        await().atMost(Duration.ofSeconds(30)).until(() -> answeredItems(partly) == 1 && answeredItems(fully) == 1);

        clock.set(TUESDAY_8_NY.plusSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(partly, 0) == NudgeStatus.DELIVERED
                && status(fully, 0) == NudgeStatus.SUPPRESSED);
        NudgeEntity digest = nudges(partly).get(0);
        assertThat(digest.itemCount).isEqualTo(1);
        assertThat(digest.oldestWaitingSince).isEqualTo(newer.data().receivedAt());
        assertThat(nudges(fully).get(0).reason).isEqualTo("cause gone: every overdue reply in the digest was answered");
        given().auth().oauth2(TestTokens.clinician(partly)).when().get("/api/v1/nudges").then().statusCode(200)
                .body("items[0].overdueReplies", equalTo(1));
    }

    private static long answeredItems(String clinician) {
        List<String> ids = nudges(clinician).stream().map(n -> n.id).toList();
        return ids.isEmpty() ? 0
                : NudgeTesting.db(() -> NudgeItemEntity.count("id.nudgeId in ?1 and answeredAt is not null", ids));
    }

    @Test
    void aSnoozePausesTheClinicianNudgesUntilItEnds() {
        Map<String, Object> policy = policy();
        policy.put("cooldownHours", Map.of("OVERDUE_REPLIES", 0));
        putPolicy(policy);
        String clinician = newClinician();
        String token = TestTokens.clinician(clinician);
        TestWorld.clinician(clinician, null, "America/New_York", null, "IN_APP", null);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(clinician, 0) == NudgeStatus.DELIVERED);
        String first = nudges(clinician).get(0).id;

        given().auth().oauth2(token).contentType("application/json").body(Map.of("hours", 0))
                .when().post("/api/v1/nudges/" + first + "/snooze").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("hours"))
                .body("errors[0].reason", equalTo("must be a whole number of hours between 1 and 336"));
        given().auth().oauth2(token).contentType("application/json").body("{\"hours\": \"soon\"}")
                .when().post("/api/v1/nudges/" + first + "/snooze").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body(Map.of("hours", 48))
                .when().post("/api/v1/nudges/" + first + "/snooze").then().statusCode(200)
                .body("status", equalTo("SNOOZED")).body("snoozedUntil", notNullValue());
        Instant snoozedUntil = nudges(clinician).get(0).snoozedUntil;
        assertThat(Duration.between(WEDNESDAY_10_NY, snoozedUntil)).isBetween(Duration.ofHours(48),
                Duration.ofHours(48).plusMinutes(1));
        given().auth().oauth2(token).when().get("/api/v1/nudges/preferences").then().statusCode(200)
                .body("optOut", equalTo(false)).body("snoozedUntil", notNullValue());

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(clinician).size() == 2);
        NudgeEntity paused = nudges(clinician).get(1);
        assertThat(paused.status).isEqualTo(NudgeStatus.SCHEDULED);
        assertThat(paused.deliverAt).isEqualTo(snoozedUntil); // Friday 10:00 in New York: inside the window
    }

    @Test
    void afterIgnoredNudgesTheSupervisorIsToldEvenWhenTheClinicianOptedOut() {
        Map<String, Object> policy = policy();
        policy.put("cooldownHours", Map.of("OVERDUE_REPLIES", 0, "ESCALATION", 168));
        policy.put("escalateAfterIgnored", 2);
        putPolicy(policy);
        String clinician = newClinician();
        String supervisor = newClinician();
        String supervisorEmail = supervisor + "@clinic.test";
        String token = TestTokens.clinician(clinician);
        TestWorld.clinician(clinician, clinician + "@clinic.test", "America/New_York", supervisor, "IN_APP", null);
        TestWorld.clinician(supervisor, supervisorEmail, "America/Chicago", null, "EMAIL", null);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(clinician, 0) == NudgeStatus.DELIVERED);
        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(clinician).size() == 2
                && status(clinician, 1) == NudgeStatus.DELIVERED);

        // The inbox pages: newest first, one at a time.
        String next = given().auth().oauth2(token).queryParam("limit", 1).when().get("/api/v1/nudges").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(nudges(clinician).get(1).id))
                .body("next", notNullValue()).extract().path("next");
        given().auth().oauth2(token).queryParam("limit", 1).queryParam("cursor", next).when().get("/api/v1/nudges")
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo(nudges(clinician).get(0).id)).body("next", nullValue());
        given().auth().oauth2(token).queryParam("cursor", "bm9wZQ").when().get("/api/v1/nudges").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        given().auth().oauth2(TestTokens.patient("pat-x")).when().get("/api/v1/nudges").then().statusCode(403);

        given().auth().oauth2(token).contentType("application/json").body(Map.of("optOut", true))
                .when().put("/api/v1/nudges/preferences").then().statusCode(200).body("optOut", equalTo(true));

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(clinician).size() == 4);
        List<NudgeEntity> all = nudges(clinician);
        NudgeEntity optedOut = all.stream().filter(n -> n.kind == NudgeKind.OVERDUE_REPLIES
                && n.status == NudgeStatus.OPTED_OUT).findFirst().orElseThrow();
        assertThat(deliveries(optedOut.id)).isEmpty();
        NudgeEntity escalation = all.stream().filter(n -> n.kind == NudgeKind.ESCALATION).findFirst().orElseThrow();
        assertThat(escalation.ignoredNudges).isEqualTo(2);
        assertThat(escalation.zone).isEqualTo("America/Chicago");
        assertThat(deliveries(escalation.id)).singleElement().satisfies(d -> assertThat(d.recipient)
                .isEqualTo(supervisorEmail));

        await().atMost(Duration.ofSeconds(30)).until(() -> TestWorld.mailTo(supervisorEmail).size() == 1);
        Map<String, String> mail = TestWorld.mailTo(supervisorEmail).get(0);
        assertThat(mail.get("subject")).isEqualTo("Clinician " + clinician + " has not acted on 2 reminders");
        assertThat(mail.get("text")).contains("received 2 reminders").contains("as their supervisor");
        assertThat(TestWorld.mailTo(clinician + "@clinic.test")).isEmpty();
        // The escalation is for the supervisor, not in the clinician's own inbox.
        given().auth().oauth2(token).when().get("/api/v1/nudges").then().statusCode(200).body("items", hasSize(2));
    }

    private static NudgeStatus status(String clinician, int index) {
        List<NudgeEntity> all = nudges(clinician);
        return all.size() > index ? all.get(index).status : null;
    }
}
