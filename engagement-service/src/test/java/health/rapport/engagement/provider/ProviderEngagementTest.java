package health.rapport.engagement.provider;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.Topics;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ProviderEngagementTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void countsEachEventOnceAndSendsPoisonRecordsToTheDeadLetterTopic() throws Exception {
        String clinician = "prac-" + UUID.randomUUID();
        CloudEvent<MessageSent> first = event(clinician, MessageKind.PATIENT_INITIATED);
        CloudEvent<MessageSent> reply = event(clinician, MessageKind.PROVIDER_RESPONSE);
        String poison = "{\"specversion\": \"1.0\", \"type\": \"no.such.type\", \"id\": \"" + UUID.randomUUID() + "\"}";
        // the last record repeats the one before: a redelivery must change nothing
        KafkaTopics.send(bootstrap, Topics.MESSAGE_EVENTS, clinician, EventCodec.toJson(first), poison,
                "not json at all", EventCodec.toJson(reply), EventCodec.toJson(reply));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.clinician(clinician))
                        .when().get("/api/v1/engagement/providers/{id}", clinician)
                        .then().statusCode(200)
                        .body("providerId", equalTo(clinician))
                        .body("window.days", equalTo(30))
                        .body("counts.PATIENT_INITIATED", equalTo(1))
                        .body("counts.PROVIDER_RESPONSE", equalTo(1))
                        .body("counts.PROVIDER_INITIATED", equalTo(0))
                        .body("counts.PATIENT_FOLLOW_UP", equalTo(0))
                        .body("counts.PROVIDER_FOLLOW_UP", equalTo(0)));

        List<String> deadLetters = KafkaTopics.read(bootstrap, Topics.deadLetterOf(Topics.MESSAGE_EVENTS),
                r -> clinician.equals(r.key()), 2, Duration.ofSeconds(30)).stream().map(r -> r.value()).toList();
        assertThat(deadLetters).containsExactlyInAnyOrder(poison, "not json at all");

        // the duplicate may still be in flight: give it time, then check it changed nothing
        Thread.sleep(1000);
        given().auth().oauth2(TestTokens.ops("olga"))
                .when().get("/api/v1/engagement/providers/{id}", clinician)
                .then().statusCode(200).body("counts.PROVIDER_RESPONSE", equalTo(1));
    }

    @Test
    void cliniciansSeeOnlyTheirOwnFigures() {
        given().auth().oauth2(TestTokens.clinician("prac-a"))
                .when().get("/api/v1/engagement/providers/{id}", "prac-b")
                .then().statusCode(403).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(TestTokens.patient("pat-a"))
                .when().get("/api/v1/engagement/providers/{id}", "prac-b")
                .then().statusCode(403);
        given().when().get("/api/v1/engagement/providers/{id}", "prac-b").then().statusCode(401);
    }

    @Test
    void aBadWindowIsAFieldError() {
        given().auth().oauth2(TestTokens.ops("olga")).queryParam("window", "soon")
                .when().get("/api/v1/engagement/providers/{id}", "prac-b")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("window"));
    }

    private static CloudEvent<MessageSent> event(String clinician, MessageKind kind) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean response = kind == MessageKind.PROVIDER_RESPONSE;
        MessageSent data = new MessageSent(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "pat-1",
                clinician, response ? clinician : "pat-1",
                response ? ParticipantRole.CLINICIAN : ParticipantRole.PATIENT, kind, "portal", "other", "routine",
                now, null, response ? 60L : null, response ? List.of(UUID.randomUUID().toString()) : null,
                "00000000000000ff", 42);
        return CloudEvent.of("/test", now, data);
    }
}
