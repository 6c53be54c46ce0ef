package health.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.Topics;
import health.rapport.stack.StackSettings;
import health.rapport.stack.StackSettings.Port;
import health.rapport.stack.Tokens;
import health.rapport.testsupport.KafkaTopics;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A nudge over the real parts: an overdue reply signalled for dr-bob on {@code rapport.engagement-events.v1};
 * notification-service finds him in the real Keycloak (admin API, confidential client, his e-mail, time zone and
 * channels from user attributes), e-mails him through the real SMTP catcher and puts the nudge in his in-app inbox,
 * where he acknowledges it, all through the gateway.
 */
@ExtendWith(LocalStackExtension.class)
class OverdueNudgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOverdueReplyReachesTheClinicianByEmailAndInTheInboxAndHeAcknowledgesIt() throws Exception {
        StackSettings settings = LocalStackExtension.stack().settings();
        String gateway = settings.url(Port.GATEWAY);
        String smtpApi = settings.url(Port.SMTP_API);
        String ops = Tokens.password(settings.issuer(), "olga", Tokens.DEMO_PASSWORD);

        // Every day, no quiet hours: the test must not depend on the hour it runs at in dr-bob's zone.
        ObjectNode policy = (ObjectNode) JSON.readTree(given().baseUri(gateway).auth().oauth2(ops)
                .when().get("/api/v1/nudge-policy").then().statusCode(200).extract().asString());
        policy.put("quietStart", "00:00").put("quietEnd", "00:00");
        ArrayNode days = policy.putArray("workingDays");
        for (DayOfWeek day : DayOfWeek.values()) {
            days.add(day.name());
        }
        given().baseUri(gateway).auth().oauth2(ops).contentType("application/json").body(JSON.writeValueAsString(policy))
                .when().put("/api/v1/nudge-policy").then().statusCode(200);
        given().baseUri(smtpApi).when().delete("/api/messages").then().statusCode(204);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String threadId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        CloudEvent<ReplyOverdue> overdue = CloudEvent.of("/e2e", now, new ReplyOverdue("prac-bob", threadId, messageId,
                now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(2)), now));
        KafkaTopics.send(settings.kafkaBootstrap(), Topics.ENGAGEMENT_EVENTS, "prac-bob", EventCodec.toJson(overdue));

        AtomicReference<JsonNode> mail = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode m : JSON.readTree(given().baseUri(smtpApi).when().get("/api/messages").asString())) {
                if (m.path("to").toString().contains("dr-bob@rapport.example")) {
                    mail.set(m);
                    return true;
                }
            }
            return false;
        });
        assertThat(mail.get().path("subject").asText()).isEqualTo("1 patient message is waiting for your reply");
        // Counts and ages only: no thread, message or patient identity (notification-service's own tests check the
        // decoded text and HTML parts too).
        assertThat(mail.get().path("raw").asText()).doesNotContain(threadId).doesNotContain(messageId)
                .doesNotContain("pat-");

        String bob = Tokens.password(settings.issuer(), "dr-bob", Tokens.DEMO_PASSWORD);
        AtomicReference<JsonNode> nudge = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode item : JSON.readTree(given().baseUri(gateway).auth().oauth2(bob)
                    .when().get("/api/v1/nudges").then().statusCode(200).extract().asString()).path("items")) {
                if (item.path("kind").asText().equals("OVERDUE_REPLIES")) {
                    nudge.set(item);
                    return true;
                }
            }
            return false;
        });
        assertThat(nudge.get().path("overdueReplies").asInt()).isEqualTo(1);
        given().baseUri(gateway).auth().oauth2(bob).when().post("/api/v1/nudges/{id}/ack", nudge.get().path("id").asText())
                .then().statusCode(200);
        JsonNode after = JSON.readTree(given().baseUri(gateway).auth().oauth2(bob).when().get("/api/v1/nudges")
                .then().statusCode(200).extract().asString());
        assertThat(after.path("items").findValuesAsText("status")).contains("ACKNOWLEDGED");
    }
}
