package health.rapport.message.thread;

import static health.rapport.message.TestDatabase.connect;
import static health.rapport.message.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.Topics;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ThreadResourceTest {

    private static final String QUESTION = "My inhaler runs out on Friday, can I get a refill?";
    private static final String REPLY = "Refill sent to your pharmacy; see you at the March review.";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void patientOpensThreadClinicianRepliesAndEventsLeaveThroughTheOutbox() throws Exception {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String patient = pair.patient();
        String clinician = pair.clinician();

        String threadId = given().auth().oauth2(TestTokens.patient(patient)).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/" + clinician, "subject", "Inhaler refill",
                        "category", "prescription", "priority", "routine", "body", QUESTION))
                .when().post("/api/v1/threads")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/threads/"))
                .body("patient", equalTo("Patient/" + patient))
                .body("clinician", equalTo("Practitioner/" + clinician))
                .body("status", equalTo("open"))
                .body("category", equalTo("prescription"))
                .body("createdAt", notNullValue())
                .extract().path("id");

        given().auth().oauth2(TestTokens.clinician(clinician)).contentType(ContentType.JSON)
                .body(Map.of("body", REPLY))
                .when().post("/api/v1/threads/{id}/messages", threadId)
                .then().statusCode(201)
                .body("threadId", equalTo(threadId))
                .body("sender", equalTo("Practitioner/" + clinician))
                .body("kind", equalTo("PROVIDER_RESPONSE"));

        given().auth().oauth2(TestTokens.clinician(clinician)).contentType(ContentType.JSON)
                .body(Map.of("body", "One more thing: take it with food."))
                .when().post("/api/v1/threads/{id}/messages", threadId)
                .then().statusCode(201).body("kind", equalTo("PROVIDER_FOLLOW_UP"));

        given().auth().oauth2(TestTokens.patient(patient))
                .when().get("/api/v1/threads")
                .then().statusCode(200)
                .body("items.id", hasItem(threadId))
                .body("items[0].unread", equalTo(2))
                .body("next", equalTo(null));

        given().auth().oauth2(TestTokens.patient(patient))
                .when().get("/api/v1/threads/{id}", threadId)
                .then().statusCode(200)
                .body("subject", equalTo("Inhaler refill"))
                .body("messages.kind", equalTo(List.of("PATIENT_INITIATED", "PROVIDER_RESPONSE", "PROVIDER_FOLLOW_UP")))
                .body("messages[0].body", equalTo(QUESTION));

        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from thread where id = ?::uuid", threadId)).isEqualTo(1);
            assertThat(count(db, "select count(*) from message where thread_id = ?::uuid", threadId)).isEqualTo(3);
            assertThat(count(db, "select count(*) from content_access where thread_id = ?::uuid and reader_ref = ?"
                    + " and purpose = 'GET /api/v1/threads/{id}'", threadId, "Patient/" + patient)).isEqualTo(1);
        }

        List<ConsumerRecord<String, String>> records = KafkaTopics.read(bootstrap, Topics.MESSAGE_EVENTS,
                r -> r.value().contains(threadId), 3, Duration.ofSeconds(30));
        assertThat(records).hasSize(3);
        List<CloudEvent<MessageSent>> events = records.stream()
                .map(r -> EventCodec.fromJson(r.value(), MessageSent.class)).toList();
        assertThat(events).extracting(e -> e.data().kind())
                .containsExactly(MessageKind.PATIENT_INITIATED, MessageKind.PROVIDER_RESPONSE,
                        MessageKind.PROVIDER_FOLLOW_UP);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(clinician);
            assertThat(r.value()).doesNotContain("inhaler").doesNotContain("Refill sent");
        });
        assertThat(events.get(1).data().responseLatencySeconds()).isNotNull().isGreaterThanOrEqualTo(0L);
        assertThat(events.get(1).data().answeredMessageIds()).containsExactly(events.get(0).data().messageId());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo(clinician);
            assertThat(e.data().textFingerprint()).matches("[0-9a-f]{16}");
        });

        try (Connection db = connect(jdbcUrl)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> count(db, "select count(*) from outbox_event") == 0);
        }
    }

    @Test
    void anotherPatientCannotSeeOrWriteTheThread() {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String threadId = openThread(pair.patient(), pair.clinician());
        CareTeams.Pair other = CareTeams.fresh(jdbcUrl);
        String intruder = TestTokens.patient(other.patient());
        given().auth().oauth2(intruder).when().get("/api/v1/threads/{id}", threadId)
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(intruder).contentType(ContentType.JSON).body(Map.of("body", "hello"))
                .when().post("/api/v1/threads/{id}/messages", threadId)
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.clinician(other.clinician())).when().get("/api/v1/threads/{id}", threadId)
                .then().statusCode(404);
    }

    @Test
    void badInputGetsProblemDetailsNamingTheFields() {
        CareTeams.relate(jdbcUrl, "pat-x", "prac-x");
        given().auth().oauth2(TestTokens.patient("pat-x")).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Patient/pat-y", "subject", " ", "category", "gossip",
                        "priority", "whenever", "body", "a\u0007b"))
                .when().post("/api/v1/threads")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("errors.field", equalTo(List.of("recipient", "subject", "category", "priority", "body")));

        given().auth().oauth2(TestTokens.patient("pat-x")).contentType(ContentType.JSON)
                .body("{\"recipient\": ")
                .when().post("/api/v1/threads")
                .then().statusCode(400).contentType(startsWith("application/problem+json"));

        given().auth().oauth2(TestTokens.patient("pat-x")).contentType(ContentType.JSON)
                .body("{\"recipient\": \"Practitioner/p\", \"subject\": [1,2]}")
                .when().post("/api/v1/threads")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("subject"));

        given().auth().oauth2(TestTokens.patient("pat-x")).contentType(ContentType.JSON)
                .body(Map.of("body", "x".repeat(10_001)))
                .when().post("/api/v1/threads/{id}/messages", UUID.randomUUID())
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void tokensAreRequiredAndChecked() {
        given().when().get("/api/v1/threads").then().statusCode(401);
        given().auth().oauth2(TestTokens.expired("pat-x")).when().get("/api/v1/threads").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).body("type", endsWith("/unauthorized"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("not-a-token").when().get("/api/v1/threads").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(401));
        given().auth().oauth2(TestTokens.ops("olga")).when().get("/api/v1/threads/unread-count").then().statusCode(403);
    }

    private String openThread(String patient, String clinician) {
        return given().auth().oauth2(TestTokens.patient(patient)).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/" + clinician, "subject", "Hello",
                        "category", "other", "body", "Hello doctor"))
                .when().post("/api/v1/threads")
                .then().statusCode(201).extract().path("id");
    }
}
