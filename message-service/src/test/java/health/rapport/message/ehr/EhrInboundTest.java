package health.rapport.message.ehr;

import static health.rapport.message.TestDatabase.connect;
import static health.rapport.message.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import health.rapport.events.EventCodec;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.Topics;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** EHR inbound over the real broker and database: FHIR Communications and Encounters on their topics. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EhrInboundTest {

    private static final Instant T0 = Instant.parse("2025-02-03T15:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void historyArrivingOutOfOrderIsClassifiedInTimeOrderAndRevisedEventsGoOut() throws Exception {
        String patient = "pat-" + UUID.randomUUID();
        String clinician = "prac-" + UUID.randomUUID();
        String thread = "thr-" + UUID.randomUUID();
        String question = communication(thread, "q", patient, clinician, true, T0, null);
        String answer = communication(thread, "a", patient, clinician, false, T0.plusSeconds(7_200), "q");
        String followUp = communication(thread, "f", patient, clinician, true, T0.plusSeconds(86_400), null);
        // The answer and follow-up arrive first; the question that started it all arrives last.
        send(answer, followUp);
        awaitMessages(patient, 2);
        send(question);
        awaitMessages(patient, 3);

        Map<String, MessageKind> kinds = kinds(patient);
        assertThat(kinds).containsExactly(Map.entry(id(thread, "q"), MessageKind.PATIENT_INITIATED),
                Map.entry(id(thread, "a"), MessageKind.PROVIDER_RESPONSE),
                Map.entry(id(thread, "f"), MessageKind.PATIENT_FOLLOW_UP));

        // First the answer (as PROVIDER_INITIATED) and the follow-up, then the question, then the answer revised.
        List<MessageSent> events = events(clinician, 4);
        Map<String, MessageSent> latest = events.stream().collect(Collectors.toMap(MessageSent::messageId, e -> e,
                (a, b) -> a.effectiveRevision() >= b.effectiveRevision() ? a : b));
        assertThat(latest.values()).extracting(MessageSent::kind).containsExactlyInAnyOrder(
                MessageKind.PATIENT_INITIATED, MessageKind.PROVIDER_RESPONSE, MessageKind.PATIENT_FOLLOW_UP);
        MessageSent response = latest.values().stream().filter(e -> e.kind() == MessageKind.PROVIDER_RESPONSE)
                .findFirst().orElseThrow();
        assertThat(response.responseLatencySeconds()).isEqualTo(7_200L);
        assertThat(response.effectiveRevision()).isEqualTo(2);
        assertThat(response.origin()).isEqualTo("ehr");
        assertThat(events).allSatisfy(e -> assertThat(e.textLength()).isPositive());
    }

    @Test
    void aRecordDeliveredTwiceMakesOneMessageAndARetractionHidesIt() throws Exception {
        String patient = "pat-" + UUID.randomUUID();
        String clinician = "prac-" + UUID.randomUUID();
        String thread = "thr-" + UUID.randomUUID();
        String question = communication(thread, "q", patient, clinician, true, T0, null);
        send(question, question);
        send(question);
        awaitMessages(patient, 1);
        String retraction = question.replace("\"status\":\"completed\"", "\"status\":\"entered-in-error\"")
                .replace("\"versionId\":\"1\"", "\"versionId\":\"2\"");
        send(retraction, retraction);
        try (Connection db = connect(jdbcUrl)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(db,
                    "select count(*) from message m join thread t on t.id = m.thread_id where t.patient_id = ?"
                            + " and m.retracted_at is not null", patient) == 1);
            assertThat(count(db, "select count(*) from message m join thread t on t.id = m.thread_id"
                    + " where t.patient_id = ?", patient)).isEqualTo(1);
        }
        List<MessageSent> events = events(clinician, 2);
        assertThat(events).extracting(MessageSent::effectiveRevision).containsExactly(1, 2);
        assertThat(events.get(1).isRetracted()).isTrue();
        // The EHR told us these two are in a care relationship, and the retracted message is hidden.
        String threadId = given().auth().oauth2(TestTokens.patient(patient)).get("/api/v1/threads")
                .then().statusCode(200).body("items[0].origin", equalTo("ehr")).extract().path("items[0].id");
        given().auth().oauth2(TestTokens.patient(patient)).get("/api/v1/threads/{id}", threadId)
                .then().statusCode(200).body("messages.size()", equalTo(0));
    }

    @Test
    void aRetractionArrivingBeforeItsRecordKeepsTheRecordHiddenAndUncounted() throws Exception {
        String patient = "pat-" + UUID.randomUUID();
        String clinician = "prac-" + UUID.randomUUID();
        String thread = "thr-" + UUID.randomUUID();
        String wrong = communication(thread, "w", patient, clinician, false, T0, null);
        String question = communication(thread, "q", patient, clinician, true, T0.plusSeconds(60), null);
        send(wrong.replace("\"status\":\"completed\"", "\"status\":\"entered-in-error\""));
        send(wrong, question);
        awaitMessages(patient, 2);
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from message where fhir_id = ? and retracted_at is not null",
                    id(thread, "w"))).isEqualTo(1);
        }
        assertThat(kinds(patient)).containsEntry(id(thread, "q"), MessageKind.PATIENT_INITIATED);
        List<MessageSent> events = events(clinician, 1);
        assertThat(events.get(0).kind()).isEqualTo(MessageKind.PATIENT_INITIATED);
    }

    @Test
    void aNewerVersionReplacesTheTextAndTimeAndIsPublishedAsARevision() throws Exception {
        String patient = "pat-" + UUID.randomUUID();
        String clinician = "prac-" + UUID.randomUUID();
        String thread = "thr-" + UUID.randomUUID();
        String question = communication(thread, "q", patient, clinician, true, T0, null);
        String answer = communication(thread, "a", patient, clinician, false, T0.plusSeconds(3600), "q");
        send(question, answer);
        awaitMessages(patient, 2);
        // Version 2 of the answer: corrected text, sent an hour later than first recorded.
        String corrected = answer.replace("\"versionId\":\"1\"", "\"versionId\":\"2\"")
                .replace("Message a about the refill.", "Corrected: the refill was sent to your pharmacy.")
                .replace(T0.plusSeconds(3600).toString(), T0.plusSeconds(7200).toString());
        send(corrected, corrected);

        List<MessageSent> events = events(clinician, 3);
        MessageSent first = events.stream().filter(e -> e.kind() == MessageKind.PROVIDER_RESPONSE
                && e.effectiveRevision() == 1).findFirst().orElseThrow();
        MessageSent revised = events.stream().filter(e -> e.effectiveRevision() == 2).findFirst().orElseThrow();
        assertThat(revised.messageId()).isEqualTo(first.messageId());
        assertThat(revised.responseLatencySeconds()).isEqualTo(7200L);
        assertThat(revised.sentAt()).isEqualTo(T0.plusSeconds(7200));
        assertThat(revised.textFingerprint()).isNotEqualTo(first.textFingerprint());
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from message where fhir_id = ? and fhir_version = '2'"
                    + " and body like 'Corrected:%'", id(thread, "a"))).isEqualTo(1);
            assertThat(count(db, "select count(*) from message m join thread t on t.id = m.thread_id"
                    + " where t.patient_id = ?", patient)).isEqualTo(2);
        }
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheConsumerGoesOn() throws Exception {
        String patient = "pat-" + UUID.randomUUID();
        String clinician = "prac-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        String good = communication("thr-" + marker, "ok", patient, clinician, true, T0, null);
        String wrongType = "{\"resourceType\":\"Encounter\",\"id\":\"enc-" + marker + "\",\"status\":\"finished\"}";
        String malformed = "{\"resourceType\":\"Communication\",\"id\":\"" + marker + "\",";
        String noSender = good.replaceAll("\"sender\":\\{[^}]*\\},", "").replace("\"id\":\"ok-", "\"id\":\"ns-");
        send(wrongType, malformed, noSender, good);
        awaitMessages(patient, 1);
        List<ConsumerRecord<String, String>> dead = KafkaTopics.read(bootstrap,
                Topics.deadLetterOf(Topics.EHR_COMMUNICATIONS), r -> r.value().contains(marker), 3,
                Duration.ofSeconds(30));
        assertThat(dead).hasSize(3);
        List<String> reasons = dead.stream().map(r -> new String(r.headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8)).toList();
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("resourceType"))
                .anySatisfy(r -> assertThat(r).startsWith("sender"))
                .hasSize(3);
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from message where fhir_id like ?", "ns-%" + marker + "%")).isZero();
        }
    }

    @Test
    void encountersPutPatientsInTheirCliniciansCareSoThePortalMayWrite() {
        String patient = "pat-" + UUID.randomUUID();
        String clinician = "prac-" + UUID.randomUUID();
        String poison = "{\"resourceType\":\"Encounter\",\"id\":\"enc-" + UUID.randomUUID() + "\"}";
        KafkaTopics.send(bootstrap, Topics.EHR_ENCOUNTERS, patient, poison);
        KafkaTopics.send(bootstrap, Topics.EHR_ENCOUNTERS, patient, "{\"resourceType\":\"Encounter\",\"id\":\"enc-"
                + UUID.randomUUID() + "\",\"status\":\"finished\",\"class\":{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},\"subject\":{\"reference\":"
                + "\"Patient/" + patient + "\"},\"participant\":[{\"individual\":{\"reference\":\"Practitioner/"
                + clinician + "\"}}],\"period\":{\"start\":\"2025-01-10T09:00:00-05:00\"}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.patient(patient))
                .contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/" + clinician, "subject", "After my visit",
                        "category", "medical-question", "body", "Should I keep taking the antibiotics?"))
                .post("/api/v1/threads").then().statusCode(201));
        List<ConsumerRecord<String, String>> dead = KafkaTopics.read(bootstrap,
                Topics.deadLetterOf(Topics.EHR_ENCOUNTERS), r -> r.value().equals(poison), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .isNotBlank();
    }

    private static String id(String thread, String suffix) {
        return thread + "-" + suffix;
    }

    /** A Communication shaped like the simulator's (which mirrors what EHRs send). */
    private static String communication(String thread, String suffix, String patient, String clinician,
            boolean fromPatient, Instant sent, String inResponseTo) {
        String patientRef = "{\"reference\":\"Patient/" + patient + "\"}";
        String clinicianRef = "{\"reference\":\"Practitioner/" + clinician + "\"}";
        return "{\"resourceType\":\"Communication\",\"id\":\"" + id(thread, suffix) + "\","
                + "\"meta\":{\"versionId\":\"1\"},"
                + "\"identifier\":[{\"system\":\"urn:example:ehr\",\"value\":\"" + id(thread, suffix) + "\"}],"
                + "\"partOf\":[{\"reference\":\"Communication/" + thread + "\",\"identifier\":{\"system\":"
                + "\"urn:rapport:thread\",\"value\":\"" + thread + "\"}}],"
                + (inResponseTo == null ? "" : "\"inResponseTo\":[{\"reference\":\"Communication/"
                        + id(thread, inResponseTo) + "\"}],")
                + "\"status\":\"completed\","
                + "\"category\":[{\"coding\":[{\"system\":\"urn:rapport:thread-category\",\"code\":\"prescription\"}]}],"
                + "\"subject\":" + patientRef + ",\"topic\":{\"text\":\"Refill\"},"
                + "\"sent\":\"" + sent + "\","
                + "\"recipient\":[" + (fromPatient ? clinicianRef : patientRef) + "],"
                + "\"sender\":" + (fromPatient ? patientRef : clinicianRef) + ","
                + "\"payload\":[{\"contentString\":\"Message " + suffix + " about the refill.\"}]}";
    }

    private void send(String... communications) {
        KafkaTopics.send(bootstrap, Topics.EHR_COMMUNICATIONS, "k", communications);
    }

    private void awaitMessages(String patient, int expected) throws Exception {
        try (Connection db = connect(jdbcUrl)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "select count(*) from message m join thread t"
                    + " on t.id = m.thread_id where t.patient_id = ?", patient) == expected);
        }
    }

    private Map<String, MessageKind> kinds(String patient) throws Exception {
        Map<String, MessageKind> kinds = new LinkedHashMap<>();
        try (Connection db = connect(jdbcUrl); PreparedStatement query = db.prepareStatement("select m.fhir_id, m.kind from message m"
                + " join thread t on t.id = m.thread_id where t.patient_id = ? order by m.sent_at")) {
            query.setString(1, patient);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    kinds.put(rs.getString(1), MessageKind.valueOf(rs.getString(2)));
                }
            }
        }
        return kinds;
    }

    private List<MessageSent> events(String clinician, int expected) {
        List<MessageSent> events = new ArrayList<>(KafkaTopics.read(bootstrap, Topics.MESSAGE_EVENTS,
                        r -> clinician.equals(r.key()) && r.value().contains("health.rapport.message.sent"), expected,
                        Duration.ofSeconds(30)).stream()
                .map(r -> EventCodec.fromJson(r.value(), MessageSent.class).data()).toList());
        assertThat(events).hasSize(expected);
        events.sort(Comparator.comparing(MessageSent::effectiveRevision));
        return events;
    }
}
