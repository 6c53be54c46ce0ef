package health.rapport.message.thread;

import static health.rapport.message.TestDatabase.connect;
import static health.rapport.message.TestDatabase.count;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.EventPayload;
import health.rapport.events.ThreadClosed;
import health.rapport.events.ThreadRead;
import health.rapport.events.ThreadReopened;
import health.rapport.events.Topics;
import health.rapport.message.thread.service.ThreadService;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import health.rapport.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ThreadLifecycleTest {

    @TestHTTPResource("/")
    URI baseUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    ThreadService service;

    @Test
    void theSamePostWithTheSameKeyFiveTimesMakesOneMessageAndOneEvent() throws Exception {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String thread = open(pair);
        String key = UUID.randomUUID().toString();
        String first = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = given().auth().oauth2(TestTokens.clinician(pair.clinician())).contentType(ContentType.JSON)
                    .header("Idempotency-Key", key).body(Map.of("body", "Your results are normal."))
                    .post("/api/v1/threads/{id}/messages", thread)
                    .then().statusCode(201).body("kind", equalTo("PROVIDER_RESPONSE"))
                    .header("Idempotent-Replayed", attempt == 0 ? equalTo(null) : equalTo("true"))
                    .extract().path("id");
            first = first == null ? id : first;
            assertThat(id).isEqualTo(first);
        }
        given().auth().oauth2(TestTokens.clinician(pair.clinician())).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(Map.of("body", "Something else entirely."))
                .post("/api/v1/threads/{id}/messages", thread)
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("Idempotency-Key"));
        // The key belongs to its caller: the patient may use the same key for their own message.
        given().auth().oauth2(TestTokens.patient(pair.patient())).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(Map.of("body", "Thank you!"))
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(201);

        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from message where thread_id = ?::uuid", thread)).isEqualTo(3);
            await().atMost(Duration.ofSeconds(15)).until(() -> count(db, "select count(*) from outbox_event") == 0);
        }
        final String messageId = first;
        List<ConsumerRecord<String, String>> events = KafkaTopics.read(bootstrap, Topics.MESSAGE_EVENTS,
                r -> r.value().contains(messageId), 2, Duration.ofSeconds(4));
        assertThat(events).hasSize(1);
    }

    @Test
    void readStateUnreadCountsReceiptsAndTheUnreadFilter() {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String patient = TestTokens.patient(pair.patient());
        String clinician = TestTokens.clinician(pair.clinician());
        String thread = open(pair);
        String quiet = open(pair);
        given().auth().oauth2(clinician).contentType(ContentType.JSON).body(Map.of("body", "Reply one"))
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(201);
        String second = given().auth().oauth2(clinician).contentType(ContentType.JSON).body(Map.of("body", "Reply two"))
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(201).extract().path("id");

        given().auth().oauth2(patient).get("/api/v1/threads/unread-count")
                .then().statusCode(200).body("threads", equalTo(1)).body("messages", equalTo(2));
        given().auth().oauth2(clinician).get("/api/v1/threads/unread-count")
                .then().statusCode(200).body("threads", equalTo(2)).body("messages", equalTo(2));
        given().auth().oauth2(patient).queryParam("unread", true).get("/api/v1/threads")
                .then().statusCode(200).body("items.id", equalTo(List.of(thread)));

        given().auth().oauth2(patient).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/threads/{id}/read", thread).then().statusCode(200).body("id", equalTo(thread));
        given().auth().oauth2(patient).get("/api/v1/threads/unread-count")
                .then().body("threads", equalTo(0)).body("messages", equalTo(0));
        given().auth().oauth2(patient).queryParam("unread", true).get("/api/v1/threads")
                .then().body("items.id", not(hasItem(thread)));
        given().auth().oauth2(clinician).get("/api/v1/threads/{id}", thread).then().statusCode(200)
                .body("receipts.reader", equalTo(List.of("Patient/" + pair.patient())))
                .body("receipts[0].lastReadMessageId", equalTo(second));
        given().auth().oauth2(patient).contentType(ContentType.JSON).body(Map.of("upTo", UUID.randomUUID().toString()))
                .post("/api/v1/threads/{id}/read", thread).then().statusCode(422)
                .body("errors[0].field", equalTo("upTo"));
        given().auth().oauth2(clinician).queryParam("status", "open").queryParam("category", "other")
                .get("/api/v1/threads").then().statusCode(200).body("items.id", hasItem(quiet));
        given().auth().oauth2(clinician).queryParam("status", "gone").get("/api/v1/threads")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));

        List<CloudEvent<? extends EventPayload>> reads = eventsOf(thread, ThreadRead.class, 1);
        ThreadRead read = (ThreadRead) reads.get(0).data();
        assertThat(read.readerId()).isEqualTo(pair.patient());
        assertThat(read.lastReadMessageId()).isEqualTo(second);
    }

    @Test
    void closedThreadsRefuseMessagesUntilReopenedAndIdleThreadsCloseThemselves() throws Throwable {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String patient = TestTokens.patient(pair.patient());
        String thread = open(pair);
        given().auth().oauth2(patient).contentType(ContentType.JSON).post("/api/v1/threads/{id}/close", thread)
                .then().statusCode(200).body("status", equalTo("closed"));
        given().auth().oauth2(patient).contentType(ContentType.JSON).body(Map.of("body", "one more"))
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
        given().auth().oauth2(patient).contentType(ContentType.JSON).post("/api/v1/threads/{id}/reopen", thread)
                .then().statusCode(200).body("status", equalTo("open"));
        eventsOf(thread, ThreadClosed.class, 1);
        eventsOf(thread, ThreadReopened.class, 1);

        String idle = open(CareTeams.fresh(jdbcUrl));
        int closed = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                () -> service.closeIdle(Instant.now().plusSeconds(60), 10_000));
        assertThat(closed).isGreaterThanOrEqualTo(2);
        ThreadClosed event = (ThreadClosed) eventsOf(idle, ThreadClosed.class, 1).get(0).data();
        assertThat(event.closeReason()).isEqualTo(ThreadClosed.IDLE);
        assertThat(event.closedBy()).isEqualTo(ThreadService.SOURCE_ID);
    }

    @Test
    void attachmentsAreStoredAsReferencesAndChecked() {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String sha = "a".repeat(64);
        Map<String, Object> pdf = Map.of("contentType", "application/pdf", "size", 182_044, "sha256", sha,
                "url", "https://files.example.org/u/123.pdf");
        String thread = given().auth().oauth2(TestTokens.patient(pair.patient())).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/" + pair.clinician(), "subject", "Lab letter",
                        "category", "test-results", "body", "Here is the letter.", "attachments", List.of(pdf)))
                .post("/api/v1/threads").then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.clinician(pair.clinician())).get("/api/v1/threads/{id}", thread)
                .then().statusCode(200)
                .body("messages[0].attachments[0].sha256", equalTo(sha))
                .body("messages[0].attachments[0].size", equalTo(182_044));
        given().auth().oauth2(TestTokens.patient(pair.patient())).contentType(ContentType.JSON)
                .body(Map.of("body", "six files", "attachments", List.of(pdf, pdf, pdf, pdf, pdf, pdf)))
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(400)
                .body("errors[0].field", equalTo("attachments"));
        given().auth().oauth2(TestTokens.patient(pair.patient())).contentType(ContentType.JSON)
                .body(Map.of("body", "huge", "attachments", List.of(Map.of("contentType", "video/mp4",
                        "size", 60L * 1024 * 1024, "sha256", "xyz", "url", "ftp://x"))))
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(400)
                .body("errors.field", equalTo(List.of("attachments[0].size", "attachments[0].sha256",
                        "attachments[0].url")));
    }

    @Test
    void badInputIsAProblemAndStoresNothing() throws Exception {
        CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
        String patient = TestTokens.patient(pair.patient());
        String thread = open(pair);
        given().auth().oauth2(patient).contentType(ContentType.JSON)
                .body("{\"body\": \"" + "x".repeat(300_000) + "\"}")
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(413)
                .contentType(startsWith("application/problem+json"));
        // The same body in chunks, without a declared length: refused while it is read, also as problem+json.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "api/v1/threads/" + thread + "/messages"))
                .header("Authorization", "Bearer " + patient).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"body\": \"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(chunked.body()).contains("payload-too-large");
        byte[] badUtf8 = "{\"body\": \"caf\u00e9 \"}".getBytes(StandardCharsets.ISO_8859_1);
        given().auth().oauth2(patient).contentType("application/json; charset=utf-8").body(badUtf8)
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(patient).contentType(ContentType.JSON).body(Map.of("body", List.of(42)))
                .post("/api/v1/threads/{id}/messages", thread).then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        given().auth().oauth2(patient).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/prac-unheard-of", "subject", "Hi", "category", "other",
                        "body", "Hello"))
                .post("/api/v1/threads").then().statusCode(422).body("errors[0].field", equalTo("recipient"));
        given().auth().oauth2(patient).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/" + pair.clinician(), "subject", "Hi", "category", "gossip",
                        "body", "Hello"))
                .post("/api/v1/threads").then().statusCode(400).body("errors[0].field", equalTo("category"));
        given().auth().oauth2(patient).contentType(ContentType.JSON).body(Map.of("subject", "Hi"))
                .post("/api/v1/threads").then().statusCode(400)
                .body("errors.field", equalTo(List.of("recipient", "category", "body")));
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from message where thread_id = ?::uuid", thread)).isEqualTo(1);
            assertThat(count(db, "select count(*) from thread where patient_id = ?", pair.patient())).isEqualTo(1);
        }
    }

    private List<CloudEvent<? extends EventPayload>> eventsOf(String thread, Class<?> type, int expected) {
        List<ConsumerRecord<String, String>> records = KafkaTopics.read(bootstrap, Topics.MESSAGE_EVENTS,
                r -> r.value().contains(thread) && r.value().contains(
                        health.rapport.events.EventType.of(type).ceType() + "\""), expected, Duration.ofSeconds(30));
        assertThat(records).hasSize(expected);
        return records.stream().<CloudEvent<? extends EventPayload>>map(r -> EventCodec.fromJson(r.value())).toList();
    }

    private static String open(CareTeams.Pair pair) {
        return given().auth().oauth2(TestTokens.patient(pair.patient())).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/" + pair.clinician(), "subject", "Question",
                        "category", "other", "body", "A question for you."))
                .post("/api/v1/threads").then().statusCode(201).extract().path("id");
    }
}
