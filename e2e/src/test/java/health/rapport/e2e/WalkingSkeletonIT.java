package health.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import health.rapport.events.EventCodec;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.Topics;
import health.rapport.stack.PostgresComponent;
import health.rapport.stack.StackSettings;
import health.rapport.stack.StackSettings.Port;
import health.rapport.stack.Tokens;
import health.rapport.testsupport.KafkaTopics;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The walking skeleton over real parts: tokens from the real Keycloak, every call through the gateway, rows in
 * the real PostgreSQL, events read back from the real Kafka topic, counters moved by engagement-service.
 */
@ExtendWith(LocalStackExtension.class)
class WalkingSkeletonIT {

    private static StackSettings settings;
    private static String gateway;

    @BeforeAll
    static void locate() {
        settings = LocalStackExtension.stack().settings();
        gateway = settings.url(Port.GATEWAY);
    }

    private static String token(String user) {
        return Tokens.password(settings.issuer(), user, Tokens.DEMO_PASSWORD);
    }

    @Test
    void patientWritesClinicianRepliesAndTheCountersMove() throws Exception {
        String alice = token("alice");
        String bob = token("dr-bob");
        // the demo data seeded by up, through the gateway: two patients wrote to Dr Bob, who answered one
        Map<String, Integer> before = await().atMost(Duration.ofSeconds(30)).until(
                () -> given().baseUri(gateway).auth().oauth2(bob)
                        .when().get("/api/v1/engagement/providers/prac-bob")
                        .then().statusCode(200).extract().<Map<String, Integer>>path("counts"),
                counts -> counts.get("PATIENT_INITIATED") == 2 && counts.get("PROVIDER_RESPONSE") == 1);

        String threadId = given().baseUri(gateway).auth().oauth2(alice).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/prac-bob",
                        "subject", PhiTexts.distinctive("Rash after new soap"),
                        "category", "medical-question", "priority", "routine",
                        "body", PhiTexts.distinctive("I have had an itchy rash on both hands since Monday.")))
                .when().post("/api/v1/threads")
                .then().statusCode(201)
                .header("Location", startsWith(gateway + "/api/v1/threads/"))
                .body("patient", equalTo("Patient/pat-alice"))
                .body("clinician", equalTo("Practitioner/prac-bob"))
                .extract().path("id");

        given().baseUri(gateway).auth().oauth2(bob).contentType(ContentType.JSON)
                .body(Map.of("body", PhiTexts.distinctive("Stop the new soap and use an emollient; write again on Friday.")))
                .when().post("/api/v1/threads/{id}/messages", threadId)
                .then().statusCode(201)
                .body("kind", equalTo("PROVIDER_RESPONSE"))
                .body("sender", equalTo("Practitioner/prac-bob"));

        given().baseUri(gateway).auth().oauth2(bob).when().get("/api/v1/threads")
                .then().statusCode(200).body("items.id", hasItem(threadId));

        PostgresComponent postgres = new PostgresComponent(settings);
        try (Connection db = postgres.connect("message")) {
            assertThat(count(db, "select count(*) from thread where id = ?::uuid and patient_id = 'pat-alice'"
                    + " and clinician_id = 'prac-bob'", threadId)).isEqualTo(1);
            assertThat(count(db, "select count(*) from message where thread_id = ?::uuid", threadId)).isEqualTo(2);
        }

        List<ConsumerRecord<String, String>> records = KafkaTopics.read(settings.kafkaBootstrap(),
                Topics.MESSAGE_EVENTS, r -> r.value().contains(threadId), 2, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("prac-bob");
        assertThat(records).extracting(r -> EventCodec.fromJson(r.value(), MessageSent.class).data().kind())
                .containsExactly(MessageKind.PATIENT_INITIATED, MessageKind.PROVIDER_RESPONSE);
        assertThat(records).allSatisfy(r -> assertThat(r.value()).doesNotContain("rash").doesNotContain("soap"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().baseUri(gateway).auth().oauth2(bob)
                        .when().get("/api/v1/engagement/providers/prac-bob")
                        .then().statusCode(200)
                        .body("providerId", equalTo("prac-bob"))
                        .body("counts.PATIENT_INITIATED", equalTo(before.get("PATIENT_INITIATED") + 1))
                        .body("counts.PROVIDER_RESPONSE", equalTo(before.get("PROVIDER_RESPONSE") + 1))
                        .body("counts.PROVIDER_INITIATED", equalTo(before.get("PROVIDER_INITIATED"))));
    }

    @Test
    void theGatewayAndTheServicesRejectWhatTheyMust() {
        given().baseUri(gateway).when().get("/api/v1/threads").then().statusCode(401);
        given().baseUri(settings.url(Port.MESSAGE_SERVICE)).when().get("/api/v1/threads").then().statusCode(401);

        given().baseUri(gateway).auth().oauth2(token("ben")).contentType(ContentType.JSON)
                .body(Map.of("recipient", "Practitioner/prac-bob", "subject", "", "category", "gossip",
                        "body", PhiTexts.distinctive("hi")))
                .when().post("/api/v1/threads")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", equalTo(List.of("subject", "category")));

        given().baseUri(gateway).auth().oauth2(token("ben"))
                .when().get("/api/v1/engagement/providers/prac-bob")
                .then().statusCode(403);
        given().baseUri(gateway).auth().oauth2(token("olga"))
                .when().get("/api/v1/engagement/providers/prac-bob")
                .then().statusCode(200);
    }

    @Test
    void everyServiceReportsHealthAndMetrics() {
        for (Port port : List.of(Port.GATEWAY, Port.MESSAGE_SERVICE, Port.ENGAGEMENT_SERVICE, Port.NOTIFICATION_SERVICE)) {
            given().baseUri(settings.url(port)).when().get("/q/health").then().statusCode(200)
                    .body("status", equalTo("UP"));
            given().baseUri(settings.url(port)).when().get("/q/metrics").then().statusCode(200);
        }
    }

    private static long count(Connection db, String sql, String arg) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, arg);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
