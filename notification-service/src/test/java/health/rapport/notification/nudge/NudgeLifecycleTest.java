package health.rapport.notification.nudge;

import static health.rapport.notification.support.NudgeTesting.deliveries;
import static health.rapport.notification.support.NudgeTesting.newClinician;
import static health.rapport.notification.support.NudgeTesting.nudgeEvents;
import static health.rapport.notification.support.NudgeTesting.nudges;
import static health.rapport.notification.support.NudgeTesting.overdue;
import static health.rapport.notification.support.NudgeTesting.policy;
import static health.rapport.notification.support.NudgeTesting.putPolicy;
import static health.rapport.notification.support.NudgeTesting.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventPayload;
import health.rapport.events.NudgeAcknowledged;
import health.rapport.events.NudgeChannel;
import health.rapport.events.NudgeDelivered;
import health.rapport.events.NudgeKind;
import health.rapport.events.NudgeScheduled;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.Topics;
import health.rapport.notification.nudge.repository.DeliveryEntity;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.notification.support.ClockedTest;
import health.rapport.notification.support.TestWorld;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * From engagement event to delivered nudge over the real broker, database and SMTP server: one nudge per event
 * however often it comes, the digest, deferral to the clinician's morning, the e-mail as received, the inbox,
 * acknowledgement, and the lifecycle events on rapport.nudge-events.v1.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationTestResources.class)
class NudgeLifecycleTest extends ClockedTest {

    @Test
    void anOverdueDigestIsDecidedOnceDeferredToTheMorningAndMailedWithoutPatientDetails() {
        putPolicy(policy());
        String clinician = newClinician();
        String email = clinician + "@clinic.test";
        TestWorld.clinician(clinician, email, "America/New_York", null, "EMAIL,IN_APP", null);
        clock.set(MONDAY_NIGHT_NY);
        CloudEvent<ReplyOverdue> first = overdue(clinician, MONDAY_NIGHT_NY, Duration.ofDays(5));
        CloudEvent<ReplyOverdue> second = overdue(clinician, MONDAY_NIGHT_NY, Duration.ofDays(4));

        send(bootstrap, clinician, first, first, second, first);

        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(clinician).size() == 1
                && nudges(clinician).get(0).itemCount == 2);
        NudgeEntity nudge = nudges(clinician).get(0);
        assertThat(nudge.kind).isEqualTo(NudgeKind.OVERDUE_REPLIES);
        assertThat(nudge.status).isEqualTo(NudgeStatus.SCHEDULED);
        assertThat(nudge.deliverAt).isEqualTo(TUESDAY_8_NY);
        assertThat(nudge.causeEventId).isEqualTo(first.id());
        assertThat(deliveries(nudge.id)).extracting(d -> d.channel)
                .containsExactlyInAnyOrder(NudgeChannel.EMAIL, NudgeChannel.IN_APP);

        // Quiet hours: the worker runs every second but leaves it alone until 08:00 in New York.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> nudges(clinician).get(0).status == NudgeStatus.SCHEDULED);
        assertThat(TestWorld.mailTo(email)).isEmpty();

        clock.set(TUESDAY_8_NY.plusSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestWorld.mailTo(email).size() == 1);
        Map<String, String> mail = TestWorld.mailTo(email).get(0);
        assertThat(mail.get("subject")).isEqualTo("2 patient messages are waiting for your reply");
        assertThat(mail.get("text")).contains("2 patient messages have waited past the reply target")
                .contains("the oldest has waited 5 days").contains("https://portal.rapport.test/");
        assertThat(mail.get("html")).contains("<strong>2</strong> patient messages").contains("5 days");
        assertThat(mail.get("nudgeId")).isEqualTo(nudge.id);
        for (ReplyOverdue cause : List.of(first.data(), second.data())) {
            // No thread, no message, no patient: the whole message as received carries none of the ids it came from.
            assertThat(mail.get("raw")).doesNotContain(cause.threadId()).doesNotContain(cause.messageId());
        }
        assertThat(mail.get("raw")).doesNotContainIgnoringCase("patient/").doesNotContain("pat-");

        await().atMost(Duration.ofSeconds(20)).until(() -> nudges(clinician).get(0).status == NudgeStatus.DELIVERED);
        assertThat(deliveries(nudge.id)).allSatisfy(d -> {
            assertThat(d.status).isEqualTo(DeliveryEntity.Status.DELIVERED);
            assertThat(d.attempts).isEqualTo(1);
        });

        String token = TestTokens.clinician(clinician);
        given().auth().oauth2(token).when().get("/api/v1/nudges").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(nudge.id))
                .body("items[0].kind", equalTo("OVERDUE_REPLIES"))
                .body("items[0].status", equalTo("DELIVERED"))
                .body("items[0].overdueReplies", equalTo(2))
                .body("next", nullValue());
        given().auth().oauth2(TestTokens.clinician(newClinician())).when().get("/api/v1/nudges").then()
                .statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(TestTokens.clinician(newClinician())).when()
                .post("/api/v1/nudges/" + nudge.id + "/ack").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(token).when().post("/api/v1/nudges/" + nudge.id + "/ack").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
        given().auth().oauth2(token).when().post("/api/v1/nudges/" + nudge.id + "/ack").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));

        // Lifecycle: scheduled and delivered per channel, acknowledged once.
        List<CloudEvent<? extends EventPayload>> events = nudgeEvents(bootstrap, clinician, 5);
        assertThat(events).extracting(CloudEvent::type).containsExactlyInAnyOrder(
                "health.rapport.nudge.scheduled", "health.rapport.nudge.scheduled",
                "health.rapport.nudge.delivered", "health.rapport.nudge.delivered",
                "health.rapport.nudge.acknowledged");
        assertThat(events).map(CloudEvent::data).filteredOn(NudgeScheduled.class::isInstance)
                .allSatisfy(e -> assertThat(((NudgeScheduled) e).deliverAt()).isEqualTo(TUESDAY_8_NY));
        assertThat(events).map(CloudEvent::data).filteredOn(NudgeDelivered.class::isInstance)
                .allSatisfy(e -> assertThat(((NudgeDelivered) e).nudgeId()).isEqualTo(nudge.id));
        assertThat(events).map(CloudEvent::data).filteredOn(NudgeAcknowledged.class::isInstance).hasSize(1);
        assertThat(KafkaTopics.read(bootstrap, Topics.NUDGE_EVENTS, r -> clinician.equals(r.key()), 6,
                Duration.ofSeconds(3))).hasSize(5);
    }

    @Test
    void theSameInstantIsWorkingTimeInNewYorkAndNightInTokyo() {
        putPolicy(policy());
        String newYork = newClinician();
        String tokyo = newClinician();
        TestWorld.clinician(newYork, null, "America/New_York", null, "IN_APP", null);
        TestWorld.clinician(tokyo, null, "Asia/Tokyo", null, "IN_APP", null);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, newYork, overdue(newYork, WEDNESDAY_10_NY, Duration.ofDays(4)));
        send(bootstrap, tokyo, overdue(tokyo, WEDNESDAY_10_NY, Duration.ofDays(4)));

        await().atMost(Duration.ofSeconds(30)).until(() -> !nudges(newYork).isEmpty()
                && nudges(newYork).get(0).status == NudgeStatus.DELIVERED && !nudges(tokyo).isEmpty());
        NudgeEntity deferred = nudges(tokyo).get(0);
        assertThat(deferred.status).isEqualTo(NudgeStatus.SCHEDULED);
        assertThat(deferred.zone).isEqualTo("Asia/Tokyo");
        assertThat(deferred.deliverAt).isEqualTo(Instant.parse("2026-12-02T23:00:00Z")); // Thursday 08:00 JST
    }

    @Test
    void anotherDigestWaitsForTheCooldown() {
        putPolicy(policy());
        String clinician = newClinician();
        TestWorld.clinician(clinician, null, "America/New_York", null, "IN_APP", null);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !nudges(clinician).isEmpty()
                && nudges(clinician).get(0).status == NudgeStatus.DELIVERED);
        Instant deliveredAt = nudges(clinician).get(0).deliveredAt;

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> nudges(clinician).size() == 2);
        NudgeEntity next = nudges(clinician).get(1);
        assertThat(next.status).isEqualTo(NudgeStatus.SCHEDULED);
        assertThat(next.itemCount).isEqualTo(1);
        assertThat(next.deliverAt).isEqualTo(deliveredAt.plus(Duration.ofHours(24)));
    }
}
