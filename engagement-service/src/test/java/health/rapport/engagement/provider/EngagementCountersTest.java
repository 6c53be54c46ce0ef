package health.rapport.engagement.provider;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The counters over the real broker and database: revisions, replays, answers that arrive before their question,
 * targets, templated replies and the backlog. Every clinician is fresh, so tests do not see each other's events.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EngagementCountersTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String TEMPLATE = "00ff00ff00ff00ff";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aReplayedHistoryLeavesTheCountersOfASinglePass() {
        String clinician = clinician();
        List<String> history = history(clinician);
        send(clinician, history);
        JsonPath once = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 2);

        List<String> replay = new ArrayList<>(history);
        replay.addAll(history);
        send(clinician, replay);
        JsonPath twice = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 2);

        assertThat(twice.getMap("counts")).containsEntry("PATIENT_INITIATED", 2).containsEntry("PROVIDER_RESPONSE", 2);
        for (String path : List.of("replies.answered", "replies.answeredWithinTarget", "replies.overdueUnanswered",
                "latency.responses", "latency.medianSeconds", "personalReplies.personal", "personalReplies.templated",
                "patients.messaged", "counts.PATIENT_FOLLOW_UP", "counts.PROVIDER_FOLLOW_UP")) {
            assertThat(twice.getString(path)).as(path).isEqualTo(once.getString(path));
        }
    }

    @Test
    void anAnswerBeforeItsQuestionTargetsAndOverdueMessagesAreCounted() {
        String clinician = clinician();
        String patient = "pat-" + UUID.randomUUID();
        Instant asked = NOW.minus(Duration.ofDays(20));
        String questionId = UUID.randomUUID().toString();
        String lateQuestionId = UUID.randomUUID().toString();
        // Answered within an hour; the response is published first.
        String answer = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, asked.plusSeconds(3600), 3600L,
                List.of(questionId), "1111000011110000", 1, false);
        String question = message(clinician, patient, MessageKind.PATIENT_INITIATED, asked, null, null, null, 1, false,
                questionId);
        // Answered after 12 days: answered, but not within 3 business days.
        String lateQuestion = message(clinician, patient, MessageKind.PATIENT_INITIATED, asked.plusSeconds(60), null,
                null, null, 1, false, lateQuestionId);
        String lateAnswer = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, asked.plus(Duration.ofDays(12)),
                Duration.ofDays(12).toSeconds(), List.of(lateQuestionId), "0000111100001111", 1, false);
        // Never answered, ten days old: overdue, and the backlog's oldest.
        Instant waiting = NOW.minus(Duration.ofDays(10));
        String unanswered = message(clinician, patient, MessageKind.PATIENT_INITIATED, waiting, null, null, null, 1, false);
        send(clinician, List.of(answer, question, lateQuestion, lateAnswer, unanswered));

        JsonPath summary = awaitSummary(clinician, s -> s.getInt("counts.PATIENT_INITIATED") == 3
                && s.getInt("replies.answered") == 2);
        assertThat(summary.getInt("replies.answeredWithinTarget")).isEqualTo(1);
        assertThat(summary.getInt("replies.overdueUnanswered")).isEqualTo(1);
        assertThat(summary.getInt("replies.judged")).isEqualTo(3);
        assertThat(summary.getDouble("replies.shareWithinTarget")).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(summary.getInt("backlog.unanswered")).isEqualTo(1);
        assertThat(Instant.parse(summary.getString("backlog.oldestSentAt"))).isEqualTo(waiting);
        assertThat(summary.getLong("backlog.oldestAgeSeconds")).isBetween(Duration.ofDays(10).toSeconds(),
                Duration.ofDays(10).toSeconds() + 600);
        assertThat(summary.getInt("latency.responses")).isEqualTo(2);
        assertThat(summary.getLong("latency.medianSeconds")).isBetween(3511L, 3690L);
        assertThat(summary.getLong("latency.p90Seconds")).isBetween((long) (Duration.ofDays(12).toSeconds() * 0.975),
                (long) (Duration.ofDays(12).toSeconds() * 1.025));
        assertThat(summary.getInt("patients.messaged")).isEqualTo(1);
        assertThat(summary.getInt("patients.initiated")).isEqualTo(1);
    }

    @Test
    void aHigherRevisionReplacesTheEarlierAndALowerOneChangesNothing() {
        String clinician = clinician();
        String patient = "pat-" + UUID.randomUUID();
        Instant asked = NOW.minus(Duration.ofDays(3));
        String questionId = UUID.randomUUID().toString();
        String replyId = UUID.randomUUID().toString();
        String question = message(clinician, patient, MessageKind.PATIENT_INITIATED, asked, null, null, null, 1, false,
                questionId);
        // First seen as a follow-up; EHR history then shows it answered the question (revision 2); the stale
        // revision 1 arriving again afterwards must not undo that.
        String reply1 = message(clinician, patient, MessageKind.PROVIDER_FOLLOW_UP, asked.plusSeconds(600), null, null,
                "1234123412341234", 1, false, replyId);
        String reply2 = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, asked.plusSeconds(600), 600L,
                List.of(questionId), "1234123412341234", 2, false, replyId);
        send(clinician, List.of(question, reply1, reply2, reply1));
        JsonPath revised = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 1);
        assertThat(revised.getInt("counts.PROVIDER_FOLLOW_UP")).isZero();
        assertThat(revised.getInt("replies.answered")).isEqualTo(1);
        assertThat(revised.getInt("backlog.unanswered")).isZero();

        // Revision 3 retracts the reply: the question waits again, and nothing counts the reply.
        String retracted = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, asked.plusSeconds(600), 600L,
                List.of(questionId), "1234123412341234", 3, true, replyId);
        send(clinician, List.of(retracted, reply2));
        JsonPath after = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 0);
        assertThat(after.getInt("replies.answered")).isZero();
        assertThat(after.getInt("backlog.unanswered")).isEqualTo(1);
        assertThat(after.getInt("latency.responses")).isZero();
        assertThat(after.getInt("counts.PATIENT_INITIATED")).isEqualTo(1);
    }

    @Test
    void nearDuplicateResponsesAreTemplatedWhicheverCameFirst() {
        String clinician = clinician();
        String patient = "pat-" + UUID.randomUUID();
        Instant t = NOW.minus(Duration.ofDays(5));
        // Two uses of a template (fingerprints 2 bits apart) and one personal reply far from both.
        String first = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t, 100L, List.of(), TEMPLATE, 1, false);
        String personal = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t.plusSeconds(60), 100L, List.of(),
                "a5a5a5a5a5a5a5a5", 1, false);
        send(clinician, List.of(first, personal));
        JsonPath before = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 2);
        assertThat(before.getInt("personalReplies.personal")).isEqualTo(2);

        String secondId = UUID.randomUUID().toString();
        String second = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t.plus(Duration.ofDays(2)), 100L,
                List.of(), "00ff00ff00ff00fc", 1, false, secondId);
        send(clinician, List.of(second));
        JsonPath after = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 3);
        assertThat(after.getInt("personalReplies.templated")).isEqualTo(2);
        assertThat(after.getInt("personalReplies.personal")).isEqualTo(1);
        assertThat(after.getDouble("personalReplies.share")).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-6));

        // A newer revision of the second moves its text far away: the first has lost its only match.
        String edited = message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t.plus(Duration.ofDays(2)), 100L,
                List.of(), "5a5a5a5a5a5a5a5a", 2, false, secondId);
        send(clinician, List.of(edited));
        JsonPath apart = awaitSummary(clinician, s -> s.getInt("personalReplies.personal") == 3);
        assertThat(apart.getInt("personalReplies.templated")).isZero();

        // A third use of the template, then its retraction: the first is templated, then personal again.
        String thirdId = UUID.randomUUID().toString();
        send(clinician, List.of(message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t.plus(Duration.ofDays(3)),
                100L, List.of(), "00ff00ff00ff00fe", 1, false, thirdId)));
        JsonPath third = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 4);
        assertThat(third.getInt("personalReplies.templated")).isEqualTo(2);
        send(clinician, List.of(message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t.plus(Duration.ofDays(3)),
                100L, List.of(), "00ff00ff00ff00fe", 2, true, thirdId)));
        JsonPath retracted = awaitSummary(clinician, s -> s.getInt("counts.PROVIDER_RESPONSE") == 3);
        assertThat(retracted.getInt("personalReplies.templated")).isZero();
        assertThat(retracted.getInt("personalReplies.personal")).isEqualTo(3);
    }

    /** A small history: two questions, two answers (one templated pair), a follow-up each way. */
    private static List<String> history(String clinician) {
        String patient = "pat-" + UUID.randomUUID();
        Instant t = NOW.minus(Duration.ofDays(8));
        String q1 = UUID.randomUUID().toString();
        String q2 = UUID.randomUUID().toString();
        return List.of(
                message(clinician, patient, MessageKind.PATIENT_INITIATED, t, null, null, null, 1, false, q1),
                message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t.plusSeconds(7200), 7200L, List.of(q1),
                        TEMPLATE, 1, false),
                message(clinician, patient, MessageKind.PROVIDER_FOLLOW_UP, t.plusSeconds(7300), null, null,
                        "0f0f0f0f0f0f0f0f", 1, false),
                message(clinician, patient, MessageKind.PATIENT_INITIATED, t.plus(Duration.ofDays(1)), null, null, null,
                        1, false, q2),
                message(clinician, patient, MessageKind.PROVIDER_RESPONSE, t.plus(Duration.ofDays(2)), 86_400L,
                        List.of(q2), "00ff00ff00ff00f0", 1, false),
                message(clinician, patient, MessageKind.PATIENT_FOLLOW_UP, t.plus(Duration.ofDays(2)).plusSeconds(60),
                        null, null, null, 1, false));
    }

    private static String message(String clinician, String patient, MessageKind kind, Instant sentAt, Long latency,
            List<String> answered, String fingerprint, int revision, boolean retracted) {
        return message(clinician, patient, kind, sentAt, latency, answered, fingerprint, revision, retracted,
                UUID.randomUUID().toString());
    }

    private static String message(String clinician, String patient, MessageKind kind, Instant sentAt, Long latency,
            List<String> answered, String fingerprint, int revision, boolean retracted, String messageId) {
        boolean byClinician = kind.name().startsWith("PROVIDER");
        MessageSent data = new MessageSent(messageId, "thr-" + patient, patient, clinician,
                byClinician ? clinician : patient, byClinician ? ParticipantRole.CLINICIAN : ParticipantRole.PATIENT,
                kind, "ehr", "other", "routine", sentAt, null, latency, answered,
                fingerprint == null ? "0000000000000001" : fingerprint, 40, revision, retracted ? Boolean.TRUE : null, null);
        CloudEvent<MessageSent> event = CloudEvent.of("/test", sentAt, data);
        return EventCodec.toJson(event);
    }

    private void send(String clinician, List<String> events) {
        KafkaTopics.send(bootstrap, Topics.MESSAGE_EVENTS, clinician, events.toArray(String[]::new));
    }

    private static String clinician() {
        return "prac-" + UUID.randomUUID();
    }

    /** The summary once everything sent so far has been consumed and committed. */
    private JsonPath awaitSummary(String clinician, java.util.function.Predicate<JsonPath> expected) {
        KafkaTopics.awaitConsumed(bootstrap, "engagement-service", Topics.MESSAGE_EVENTS, Duration.ofSeconds(60));
        JsonPath summary = given().auth().oauth2(TestTokens.ops("olga")).queryParam("window", "30d")
                .when().get("/api/v1/engagement/providers/{id}", clinician)
                .then().statusCode(200).extract().jsonPath();
        assertThat(expected.test(summary)).as(summary.prettify()).isTrue();
        return summary;
    }
}
