package health.rapport.engagement.tier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.events.CloudEvent;
import health.rapport.events.EngagementTier;
import health.rapport.events.EngagementTierChanged;
import health.rapport.events.EventCodec;
import health.rapport.events.EventType;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.Topics;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Tiers and overdue replies over the real broker and database, with the events they emit through the outbox. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TierEvaluationTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Random RANDOM = new Random(7);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aResponsiveClinicianTurnsHighOnScheduleAndTheChangeIsEmittedOnce() {
        String clinician = "prac-" + UUID.randomUUID();
        send(clinician, answeredWithinAnHour(clinician, 12));

        // No POST: the scheduled evaluation of changed clinicians (every 2 s in tests) finds it.
        List<EngagementTierChanged> changes = tierChanges(clinician, 1, Duration.ofSeconds(60));
        assertThat(changes).hasSize(1);
        EngagementTierChanged change = changes.get(0);
        assertThat(change.previousTier()).isEqualTo(EngagementTier.UNRATED);
        assertThat(change.tier()).isEqualTo(EngagementTier.HIGH);
        assertThat(change.windowDays()).isEqualTo(30);
        assertThat(change.shareAnsweredWithinTarget()).isEqualTo(1.0);
        assertThat(change.personalReplyShare()).isEqualTo(1.0);
        assertThat(change.patientMessages()).isEqualTo(12);

        evaluateNow();
        assertThat(tierChanges(clinician, 2, Duration.ofSeconds(4))).hasSize(1);
    }

    @Test
    void aClinicianWhoLeavesPatientsWaitingIsLowAndEachOverdueMessageIsSignalledOnce() {
        String clinician = "prac-" + UUID.randomUUID();
        List<String> events = new ArrayList<>();
        Set<String> waiting = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            String id = UUID.randomUUID().toString();
            waiting.add(id);
            events.add(message(clinician, "pat-" + UUID.randomUUID(), MessageKind.PATIENT_INITIATED,
                    NOW.minus(Duration.ofDays(10)).plusSeconds(i), null, List.of(), id));
        }
        send(clinician, events);
        KafkaTopics.awaitConsumed(bootstrap, "engagement-service", Topics.MESSAGE_EVENTS, Duration.ofSeconds(60));

        given().auth().oauth2(TestTokens.ops("olga")).when().post("/api/v1/engagement/evaluations")
                .then().statusCode(200);
        List<EngagementTierChanged> changes = tierChanges(clinician, 1, Duration.ofSeconds(30));
        assertThat(changes).extracting(EngagementTierChanged::tier).containsExactly(EngagementTier.LOW);
        assertThat(changes.get(0).reasons()).contains("answered-within-target-below-80%");
        assertThat(changes.get(0).shareAnsweredWithinTarget()).isEqualTo(0.0);

        List<ReplyOverdue> overdue = overdue(clinician, 12, Duration.ofSeconds(30));
        assertThat(overdue).extracting(ReplyOverdue::messageId).containsExactlyInAnyOrderElementsOf(waiting);
        assertThat(overdue).allSatisfy(o -> assertThat(o.dueAt()).isAfter(o.receivedAt()).isBefore(o.detectedAt()));

        evaluateNow();
        assertThat(overdue(clinician, 13, Duration.ofSeconds(4))).hasSize(12);
        assertThat(tierChanges(clinician, 2, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void opsListCliniciansByTierAndSortOthersMayNot() {
        String high = "prac-" + UUID.randomUUID();
        String low = "prac-" + UUID.randomUUID();
        List<String> events = new ArrayList<>(answeredWithinAnHour(high, 12));
        send(high, events);
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            waiting.add(message(low, "pat-" + UUID.randomUUID(), MessageKind.PATIENT_INITIATED,
                    NOW.minus(Duration.ofDays(9)).plusSeconds(i), null, List.of(), UUID.randomUUID().toString()));
        }
        send(low, waiting);
        KafkaTopics.awaitConsumed(bootstrap, "engagement-service", Topics.MESSAGE_EVENTS, Duration.ofSeconds(60));
        evaluateNow();

        given().auth().oauth2(TestTokens.ops("olga")).queryParam("tier", "LOW").queryParam("limit", 200)
                .when().get("/api/v1/engagement/providers")
                .then().statusCode(200)
                .body("items.providerId", hasItem(low))
                .body("items.providerId", not(hasItem(high)))
                .body("items.find { it.providerId == '" + low + "' }.patientMessages", equalTo(11));
        List<Double> shares = given().auth().oauth2(TestTokens.ops("olga"))
                .queryParam("sort", "-shareAnsweredWithinTarget").queryParam("limit", 200)
                .when().get("/api/v1/engagement/providers")
                .then().statusCode(200).extract().jsonPath().getList("items.shareAnsweredWithinTarget", Double.class);
        List<Double> rated = shares.stream().filter(java.util.Objects::nonNull).toList();
        assertThat(rated).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        String next = given().auth().oauth2(TestTokens.ops("olga")).queryParam("limit", 1)
                .when().get("/api/v1/engagement/providers")
                .then().statusCode(200).extract().path("next");
        assertThat(next).isNotNull();

        given().auth().oauth2(TestTokens.ops("olga")).queryParam("sort", "salary")
                .when().get("/api/v1/engagement/providers")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("sort"));
        given().auth().oauth2(TestTokens.ops("olga")).queryParam("tier", "SUPERB").queryParam("cursor", "nonsense")
                .when().get("/api/v1/engagement/providers")
                .then().statusCode(400).body("errors.field", equalTo(List.of("tier", "cursor")));
        given().auth().oauth2(TestTokens.clinician(high)).when().get("/api/v1/engagement/providers")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.clinician(high)).when().post("/api/v1/engagement/evaluations")
                .then().statusCode(403);
    }

    private void evaluateNow() {
        given().auth().oauth2(TestTokens.ops("olga")).when().post("/api/v1/engagement/evaluations")
                .then().statusCode(200);
    }

    /** Questions each answered an hour later by a personal reply (fingerprints far apart). */
    private static List<String> answeredWithinAnHour(String clinician, int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String patient = "pat-" + UUID.randomUUID();
            String question = UUID.randomUUID().toString();
            Instant asked = NOW.minus(Duration.ofDays(6)).plus(Duration.ofHours(i));
            events.add(message(clinician, patient, MessageKind.PATIENT_INITIATED, asked, null, List.of(), question));
            events.add(message(clinician, patient, MessageKind.PROVIDER_RESPONSE, asked.plusSeconds(3600), 3600L,
                    List.of(question), UUID.randomUUID().toString()));
        }
        return events;
    }

    private static String message(String clinician, String patient, MessageKind kind, Instant sentAt, Long latency,
            List<String> answered, String id) {
        boolean byClinician = kind.name().startsWith("PROVIDER");
        MessageSent data = new MessageSent(id, "thr-" + patient, patient, clinician, byClinician ? clinician : patient,
                byClinician ? ParticipantRole.CLINICIAN : ParticipantRole.PATIENT, kind, "portal", "other", "routine",
                sentAt, null, latency, byClinician ? answered : null, String.format("%016x", RANDOM.nextLong()), 30);
        return EventCodec.toJson(CloudEvent.of("/test", sentAt, data));
    }

    private void send(String clinician, List<String> events) {
        KafkaTopics.send(bootstrap, Topics.MESSAGE_EVENTS, clinician, events.toArray(String[]::new));
    }

    private List<EngagementTierChanged> tierChanges(String clinician, int enough, Duration timeout) {
        return engagementEvents(clinician, EventType.ENGAGEMENT_TIER_CHANGED, enough, timeout).stream()
                .map(r -> EventCodec.fromJson(r.value(), EngagementTierChanged.class).data()).toList();
    }

    private List<ReplyOverdue> overdue(String clinician, int enough, Duration timeout) {
        return engagementEvents(clinician, EventType.REPLY_OVERDUE, enough, timeout).stream()
                .map(r -> EventCodec.fromJson(r.value(), ReplyOverdue.class).data()).toList();
    }

    private List<ConsumerRecord<String, String>> engagementEvents(String clinician, EventType type, int enough,
            Duration timeout) {
        return KafkaTopics.read(bootstrap, Topics.ENGAGEMENT_EVENTS, r -> clinician.equals(r.key())
                && r.headers().lastHeader("ce_type") != null
                && type.ceType().equals(new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)),
                enough, timeout);
    }
}
