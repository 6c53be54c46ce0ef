package health.rapport.engagement.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.hasItem;

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
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The panel consumer and the secure-messaging measure over the real broker and database, against values worked out
 * by hand; the reports' CSV, 400s and 403s. Each test uses its own clinicians and patients and its own period.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PanelAndMeasuresTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final String MEASURE = "/api/v1/engagement/reports/secure-messaging-measure";
    private static final String COHORT = "/api/v1/engagement/reports/cohort";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void encountersAreIngestedAndRepeatsOrOlderVersionsChangeNothing() {
        LocalDate day = LocalDate.of(2024, 2, 5);
        String first = id("prac");
        String second = id("prac");
        String patient = id("pat");
        String encounter = id("enc");
        sendEncounters(patient, encounter(encounter, "1", patient, first, day, "finished"),
                encounter(encounter, "1", patient, first, day, "finished"));
        assertThat(seen(day, first)).isEqualTo(1);

        // Version 2 moves the visit to another clinician; version 1 arriving late, or again, changes nothing.
        sendEncounters(patient, encounter(encounter, "2", patient, second, day, "finished"),
                encounter(encounter, "1", patient, first, day, "finished"));
        assertThat(seen(day, first)).isZero();
        assertThat(seen(day, second)).isEqualTo(1);
        sendEncounters(patient, encounter(encounter, "2", patient, first, day, "finished"));
        assertThat(seen(day, first)).isZero();
        assertThat(seen(day, second)).isEqualTo(1);

        // Version 3 says it was entered in error: nobody saw the patient.
        sendEncounters(patient, encounter(encounter, "3", patient, second, day, "entered-in-error"));
        assertThat(seen(day, second)).isZero();
    }

    @Test
    void invalidEncountersAreDeadLetteredWithTheFhirPathAndConsumptionGoesOn() {
        LocalDate day = LocalDate.of(2024, 2, 12);
        String clinician = id("prac");
        String patient = id("pat");
        String marker = id("bad");
        String good = encounter(id("enc"), null, patient, clinician, day, "finished");
        List<String> bad = List.of(
                "not json " + marker,
                encounter(marker + "-1", "1", patient, clinician, day, "finished").replace("\"Patient/", "\"Group/"),
                encounter(marker + "-2", "1", patient, clinician, day, "finished").replace("\"Practitioner/", "\"Patient/"),
                encounter(marker + "-3", "1", patient, clinician, day, "finished").replace("T09:00:00-05:00", "T09"),
                encounter(marker + "-4", "v1", patient, clinician, day, "finished"),
                encounter(marker + "-5", "1", patient, clinician, day, "done"));
        List<String> all = new ArrayList<>(bad);
        all.add(good);
        sendEncounters(patient, all.toArray(String[]::new));
        assertThat(seen(day, clinician)).isEqualTo(1);

        List<ConsumerRecord<String, String>> dead = KafkaTopics.read(bootstrap,
                Topics.deadLetterOf(Topics.EHR_ENCOUNTERS), r -> r.value().contains(marker), bad.size(),
                Duration.ofSeconds(30));
        assertThat(dead).hasSize(bad.size());
        assertThat(dead).allSatisfy(r -> assertThat(r.key()).isEqualTo(patient));
        assertThat(dead.stream().map(PanelAndMeasuresTest::reason).toList()).satisfiesExactlyInAnyOrder(
                r -> assertThat(r).contains("not JSON"),
                r -> assertThat(r).contains("subject.reference"),
                r -> assertThat(r).contains("participant"),
                r -> assertThat(r).contains("period.start"),
                r -> assertThat(r).contains("meta.versionId"),
                r -> assertThat(r).contains("status"));
    }

    /**
     * By hand, period 2024-03-04 to 2024-03-08, clinician A saw P1 to P4 (P1 twice), P5 only on 2024-03-11:
     * P1 wrote (PATIENT_INITIATED); P2 wrote a follow-up and got a response; A wrote to P3 (PROVIDER_INITIATED);
     * P4's message was retracted and their other message is from before the period; P5 wrote but was not seen in
     * the period; P6 (seen by A) wrote only to clinician B. Stage 2: 2 of 5 seen (P1, P2) = 0.4, pass; modified:
     * 2 of 5 (P2, P3) = 0.4, pass (the five seen: P1, P2, P3, P4, P6). Clinician B saw 20 patients of whom 1 (P6 is not one of them) wrote: 1/20 =
     * 0.05, which is not more than 5%: fail; modified 0/20: fail.
     */
    @Test
    void bothMeasuresMatchAHandComputedHistory() {
        LocalDate from = LocalDate.of(2024, 3, 4);
        LocalDate to = LocalDate.of(2024, 3, 8);
        String a = id("prac");
        String b = id("prac");
        String[] p = new String[7];
        for (int i = 1; i <= 6; i++) {
            p[i] = id("pat");
        }
        for (int i = 1; i <= 4; i++) {
            sendEncounters(p[i], encounter(id("enc"), "1", p[i], a, from.plusDays(i - 1), "finished"));
        }
        sendEncounters(p[1], encounter(id("enc"), "1", p[1], a, to, "finished"));
        sendEncounters(p[5], encounter(id("enc"), "1", p[5], a, to.plusDays(3), "finished"));
        sendEncounters(p[6], encounter(id("enc"), "1", p[6], a, from, "finished"));
        List<String> bPatients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String patient = id("pat");
            bPatients.add(patient);
            sendEncounters(patient, encounter(id("enc"), null, patient, b, from.plusDays(i % 5), "in-progress"));
        }
        Instant t = from.atTime(10, 0).atZone(ZONE).toInstant();
        String retractedId = UUID.randomUUID().toString();
        sendMessages(a,
                message(a, p[1], MessageKind.PATIENT_INITIATED, t, 1, false, UUID.randomUUID().toString()),
                message(a, p[2], MessageKind.PATIENT_FOLLOW_UP, t.plusSeconds(60), 1, false, UUID.randomUUID().toString()),
                message(a, p[2], MessageKind.PROVIDER_RESPONSE, t.plusSeconds(3600), 1, false, UUID.randomUUID().toString()),
                message(a, p[3], MessageKind.PROVIDER_INITIATED, t.plusSeconds(7200), 1, false, UUID.randomUUID().toString()),
                message(a, p[4], MessageKind.PATIENT_INITIATED, t.plusSeconds(100), 1, false, retractedId),
                message(a, p[4], MessageKind.PATIENT_INITIATED, t.plusSeconds(100), 2, true, retractedId),
                message(a, p[4], MessageKind.PATIENT_INITIATED, t.minus(Duration.ofDays(2)), 1, false,
                        UUID.randomUUID().toString()),
                message(a, p[5], MessageKind.PATIENT_INITIATED, t.plusSeconds(200), 1, false, UUID.randomUUID().toString()));
        sendMessages(b,
                message(b, bPatients.get(0), MessageKind.PATIENT_INITIATED, t.plus(Duration.ofDays(4)), 1, false,
                        UUID.randomUUID().toString()),
                message(b, p[6], MessageKind.PATIENT_INITIATED, t.plusSeconds(300), 1, false, UUID.randomUUID().toString()));
        awaitConsumed();

        JsonPath report = given().auth().oauth2(TestTokens.ops("olga"))
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .when().get(MEASURE).then().statusCode(200).extract().jsonPath();
        assertThat(report.getDouble("threshold")).isEqualTo(0.05);
        Map<String, Object> rowA = row(report, a);
        assertThat(rowA).containsEntry("patientsSeen", 5).containsEntry("patientsWhoMessaged", 2)
                .containsEntry("patientsMessaged", 2).containsEntry("stage2Pass", true)
                .containsEntry("modifiedStage2Pass", true);
        assertThat(((Number) rowA.get("stage2Measure")).doubleValue()).isCloseTo(0.4, within(1e-6));
        assertThat(((Number) rowA.get("modifiedStage2Measure")).doubleValue()).isCloseTo(0.4, within(1e-6));
        Map<String, Object> rowB = row(report, b);
        assertThat(rowB).containsEntry("patientsSeen", 20).containsEntry("patientsWhoMessaged", 1)
                .containsEntry("patientsMessaged", 0).containsEntry("stage2Pass", false)
                .containsEntry("modifiedStage2Pass", false);
        assertThat(((Number) rowB.get("stage2Measure")).doubleValue()).isCloseTo(0.05, within(1e-6));

        // A clinician reads their own row only.
        JsonPath own = given().auth().oauth2(TestTokens.clinician(a))
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .when().get(MEASURE).then().statusCode(200).extract().jsonPath();
        assertThat(own.getList("clinicians.clinicianId")).containsExactly(a);

        // CSV: a header row, then one row per clinician, in the documented columns.
        String csv = given().auth().oauth2(TestTokens.ops("olga")).accept("text/csv")
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .when().get(MEASURE).then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("clinician_id,from,to,patients_seen,patients_who_messaged,stage2_measure,"
                + "stage2_pass,patients_messaged,modified_stage2_measure,modified_stage2_pass,threshold");
        assertThat(lines).contains(a + ",2024-03-04,2024-03-08,5,2,0.400000,true,2,0.400000,true,0.050000",
                b + ",2024-03-04,2024-03-08,20,1,0.050000,false,0,0.000000,false,0.050000");
        assertThat(csv).endsWith("\r\n");

        String cohortCsv = given().auth().oauth2(TestTokens.ops("olga")).accept("text/csv")
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .when().get(COHORT).then().statusCode(200).extract().asString();
        List<String> cohortLines = cohortCsv.lines().toList();
        assertThat(cohortLines.get(0)).isEqualTo("grouping,group,from,to,clinicians,patients,patient_months,"
                + "patient_initiated,rate_per_patient_month,rate_ratio,ci_low,ci_high");
        assertThat(cohortLines).hasSize(7);
        assertThat(cohortLines.subList(1, 7)).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(12));
    }

    @Test
    void badPeriodsAre400sNamingTheField() {
        for (String[] q : List.of(new String[] {null, "2024-01-31", "from"}, new String[] {"2024-01-01", "soon", "to"},
                new String[] {"2024-02-01", "2024-01-31", "from"}, new String[] {"2024-01-01", "2025-01-01", "to"})) {
            for (String path : List.of(MEASURE, COHORT)) {
                var request = given().auth().oauth2(TestTokens.ops("olga"));
                if (q[0] != null) {
                    request = request.queryParam("from", q[0]);
                }
                request.queryParam("to", q[1]).when().get(path).then().statusCode(400)
                        .contentType("application/problem+json")
                        .body("errors.field", hasItem(q[2]));
            }
        }
        // 366 days inclusive is allowed.
        given().auth().oauth2(TestTokens.ops("olga")).queryParam("from", "2024-01-01").queryParam("to", "2024-12-31")
                .when().get(MEASURE).then().statusCode(200);
    }

    @Test
    void cliniciansAndPatientsAreRefused() {
        String period = "from=2024-01-01&to=2024-01-31";
        given().auth().oauth2(TestTokens.clinician("prac-x")).when().get(COHORT + "?" + period).then().statusCode(403);
        given().auth().oauth2(TestTokens.patient("pat-x")).when().get(COHORT + "?" + period).then().statusCode(403);
        given().auth().oauth2(TestTokens.patient("pat-x")).when().get(MEASURE + "?" + period).then().statusCode(403);
        given().when().get(COHORT + "?" + period).then().statusCode(401);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private int seen(LocalDate day, String clinician) {
        awaitConsumed();
        JsonPath report = given().auth().oauth2(TestTokens.ops("olga"))
                .queryParam("from", day.toString()).queryParam("to", day.toString())
                .when().get(MEASURE).then().statusCode(200).extract().jsonPath();
        Map<String, Object> row = row(report, clinician);
        return row == null ? 0 : ((Number) row.get("patientsSeen")).intValue();
    }

    private static Map<String, Object> row(JsonPath report, String clinician) {
        return report.getMap("clinicians.find { it.clinicianId == '" + clinician + "' }");
    }

    private void awaitConsumed() {
        KafkaTopics.awaitConsumed(bootstrap, "engagement-service", Topics.EHR_ENCOUNTERS, Duration.ofSeconds(60));
        KafkaTopics.awaitConsumed(bootstrap, "engagement-service", Topics.MESSAGE_EVENTS, Duration.ofSeconds(60));
    }

    private void sendEncounters(String patient, String... encounters) {
        KafkaTopics.send(bootstrap, Topics.EHR_ENCOUNTERS, patient, encounters);
    }

    private void sendMessages(String clinician, String... events) {
        KafkaTopics.send(bootstrap, Topics.MESSAGE_EVENTS, clinician, events);
    }

    private static String reason(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String id(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 18);
    }

    /** A FHIR R4 Encounter from 09:00 to 09:30 clinic time (EST offset) on the day. */
    static String encounter(String id, String version, String patient, String clinician, LocalDate day, String status) {
        String meta = version == null ? "" : "\"meta\":{\"versionId\":\"" + version + "\"},";
        return "{\"resourceType\":\"Encounter\",\"id\":\"" + id + "\"," + meta + "\"status\":\"" + status + "\","
                + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"participant\":[{\"individual\":{\"reference\":\"Practitioner/" + clinician + "\"}}],"
                + "\"period\":{\"start\":\"" + day + "T09:00:00-05:00\",\"end\":\"" + day + "T09:30:00-05:00\"}}";
    }

    private static String message(String clinician, String patient, MessageKind kind, Instant sentAt, int revision,
            boolean retracted, String messageId) {
        boolean byClinician = kind.name().startsWith("PROVIDER");
        boolean response = kind == MessageKind.PROVIDER_RESPONSE;
        MessageSent data = new MessageSent(messageId, UUID.nameUUIDFromBytes(patient.getBytes(StandardCharsets.UTF_8))
                .toString(), patient, clinician, byClinician ? clinician : patient,
                byClinician ? ParticipantRole.CLINICIAN : ParticipantRole.PATIENT, kind, "ehr", "other", "routine",
                sentAt, null, response ? 60L : null, response ? List.of() : null, "0f0f0f0f0f0f0f0f", 40, revision,
                retracted ? Boolean.TRUE : null, null);
        return EventCodec.toJson(CloudEvent.of("/test", sentAt, data));
    }
}
