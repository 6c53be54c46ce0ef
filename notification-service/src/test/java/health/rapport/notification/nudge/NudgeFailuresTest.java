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

import health.rapport.events.CloudEvent;
import health.rapport.events.EventPayload;
import health.rapport.events.NudgeChannel;
import health.rapport.events.NudgeFailed;
import health.rapport.events.Topics;
import health.rapport.notification.channel.WebhookSignature;
import health.rapport.notification.nudge.repository.DeliveryEntity;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.notification.nudge.repository.NudgeStatus;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.notification.support.ClockedTest;
import health.rapport.notification.support.TestWorld;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong leaves a record and stops nothing: a clinician Keycloak does not know, a record that is not an
 * event, an SMTP server that is down, a webhook that answers 500. And the webhook's signature, checked by the receiver.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationTestResources.class)
class NudgeFailuresTest extends ClockedTest {

    @AfterEach
    void restore() {
        TestWorld.smtpUp(true);
        TestWorld.webhookAnswers(200);
    }

    @Test
    void aClinicianMissingFromTheDirectoryAndAMalformedRecordAreRecordedAndTheConsumerGoesOn() {
        putPolicy(policy());
        String unknown = newClinician();
        String known = newClinician();
        TestWorld.clinician(known, null, "America/New_York", null, "IN_APP", null);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, unknown, overdue(unknown, WEDNESDAY_10_NY, Duration.ofDays(4)), "{\"specversion\": \"1.0\"");
        send(bootstrap, known, overdue(known, WEDNESDAY_10_NY, Duration.ofDays(4)));

        await().atMost(Duration.ofSeconds(30)).until(() -> !nudges(known).isEmpty()
                && nudges(known).get(0).status == NudgeStatus.DELIVERED);
        NudgeEntity skipped = nudges(unknown).get(0);
        assertThat(skipped.status).isEqualTo(NudgeStatus.SKIPPED);
        assertThat(skipped.reason).isEqualTo("clinician not found in the directory");
        assertThat(deliveries(skipped.id)).isEmpty();
        assertThat(KafkaTopics.read(bootstrap, Topics.deadLetterOf(Topics.ENGAGEMENT_EVENTS),
                r -> unknown.equals(r.key()), 1, Duration.ofSeconds(30)))
                .extracting(r -> r.value()).containsExactly("{\"specversion\": \"1.0\"");
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void withSmtpDownTheEmailFailsAfterItsRetriesWhileTheInboxGetsTheNudge() {
        putPolicy(policy()); // 3 attempts, 1 s then 2 s apart
        String clinician = newClinician();
        TestWorld.clinician(clinician, clinician + "@clinic.test", "America/New_York", null, "EMAIL,IN_APP", null);
        clock.set(WEDNESDAY_10_NY);
        TestWorld.smtpUp(false);

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(4)));

        await().atMost(Duration.ofSeconds(45)).until(() -> !nudges(clinician).isEmpty()
                && deliveries(nudges(clinician).get(0).id).stream()
                        .anyMatch(d -> d.channel == NudgeChannel.EMAIL && d.status == DeliveryEntity.Status.FAILED));
        NudgeEntity nudge = nudges(clinician).get(0);
        assertThat(nudge.status).isEqualTo(NudgeStatus.DELIVERED); // the in-app inbox has it
        DeliveryEntity email = deliveries(nudge.id).stream().filter(d -> d.channel == NudgeChannel.EMAIL)
                .findFirst().orElseThrow();
        assertThat(email.attempts).isEqualTo(3);
        assertThat(email.lastError).isNotBlank();
        List<CloudEvent<? extends EventPayload>> events = nudgeEvents(bootstrap, clinician, 4);
        NudgeFailed failed = events.stream().map(CloudEvent::data).filter(NudgeFailed.class::isInstance)
                .map(NudgeFailed.class::cast).findFirst().orElseThrow();
        assertThat(failed.channel()).isEqualTo(NudgeChannel.EMAIL);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.reason()).isEqualTo(email.lastError);
    }

    @Test
    void theWebhookIsSignedAndAFailingReceiverIsRetriedWithBackOffUntilTheLimit() throws Exception {
        putPolicy(policy()); // 3 attempts, 1 s then 2 s apart
        String clinician = newClinician();
        TestWorld.clinician(clinician, null, "Europe/London", null, "WEBHOOK", NotificationTestResources.WEBHOOK_ORG);
        clock.set(WEDNESDAY_10_NY);

        send(bootstrap, clinician, overdue(clinician, WEDNESDAY_10_NY, Duration.ofDays(6)));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestWorld.webhookCalls(clinician).size() == 1
                && nudges(clinician).get(0).status == NudgeStatus.DELIVERED);
        Map<String, String> call = TestWorld.webhookCalls(clinician).get(0);
        String body = call.get("body");
        String header = call.get("signature");
        assertThat(body).contains("\"kind\":\"OVERDUE_REPLIES\"").contains("\"itemCount\":1")
                .contains("\"oldestWaitingDays\":6");
        // The receiver's own check: HMAC-SHA256 over "<t>.<body>" with the shared secret.
        String t = header.replaceAll("^t=(\\d+),v1=[0-9a-f]{64}$", "$1");
        String v1 = header.replaceAll("^t=\\d+,v1=([0-9a-f]{64})$", "$1");
        assertThat(v1).isEqualTo(hmac(NotificationTestResources.WEBHOOK_SECRET, t + "." + body));
        assertThat(v1).isNotEqualTo(hmac("wrong-secret", t + "." + body));
        Instant sentAt = Instant.ofEpochSecond(Long.parseLong(t));
        assertThat(WebhookSignature.verify(NotificationTestResources.WEBHOOK_SECRET, header, body, sentAt)).isTrue();
        assertThat(WebhookSignature.verify("wrong-secret", header, body, sentAt)).isFalse();
        assertThat(WebhookSignature.verify(NotificationTestResources.WEBHOOK_SECRET, header, body + " ", sentAt)).isFalse();
        assertThat(WebhookSignature.verify(NotificationTestResources.WEBHOOK_SECRET, header, body,
                sentAt.plus(Duration.ofMinutes(6)))).as("outside the replay window").isFalse();

        String failing = newClinician();
        TestWorld.clinician(failing, null, "Europe/London", null, "WEBHOOK", NotificationTestResources.WEBHOOK_ORG);
        TestWorld.webhookAnswers(500);
        send(bootstrap, failing, overdue(failing, WEDNESDAY_10_NY, Duration.ofDays(6)));
        await().atMost(Duration.ofSeconds(45)).until(() -> !nudges(failing).isEmpty()
                && nudges(failing).get(0).status == NudgeStatus.FAILED);
        List<Map<String, String>> attempts = TestWorld.webhookCalls(failing);
        assertThat(attempts).hasSize(3);
        Duration firstWait = Duration.between(Instant.parse(attempts.get(0).get("at")), Instant.parse(attempts.get(1).get("at")));
        Duration secondWait = Duration.between(Instant.parse(attempts.get(1).get("at")), Instant.parse(attempts.get(2).get("at")));
        assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        NudgeEntity nudge = nudges(failing).get(0);
        assertThat(nudge.reason).isEqualTo("every channel failed; last: WEBHOOK: webhook answered HTTP 500");
        assertThat(deliveries(nudge.id)).singleElement().satisfies(d -> {
            assertThat(d.status).isEqualTo(DeliveryEntity.Status.FAILED);
            assertThat(d.attempts).isEqualTo(3);
        });
        NudgeFailed failed = nudgeEvents(bootstrap, failing, 2).stream().map(CloudEvent::data)
                .filter(NudgeFailed.class::isInstance).map(NudgeFailed.class::cast).findFirst().orElseThrow();
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.reason()).isEqualTo("webhook answered HTTP 500");
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
