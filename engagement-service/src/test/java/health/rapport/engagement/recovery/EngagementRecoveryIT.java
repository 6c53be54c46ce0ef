package health.rapport.engagement.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.Topics;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.PackagedService;
import health.rapport.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged engagement-service killed with SIGKILL while it consumes a history, then replaying the whole topic
 * from the start: the counters equal a single pass, computed here from what was published.
 */
class EngagementRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final int CLINICIANS = 30;
    private static final int QUESTIONS = 60;

    private static PackagedService stack;

    @BeforeAll
    static void start() {
        // A killed consumer leaves the group after its session times out: 6 s instead of 45.
        stack = PackagedService.prepare(Map.of(
                "mp.messaging.incoming.message-events.session.timeout.ms", "6000",
                "mp.messaging.incoming.message-events.heartbeat.interval.ms", "2000"));
        stack.startService();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killedMidConsumptionAndReplayedFromTheStartTheCountersEqualASinglePass() throws Exception {
        Random random = new Random(11);
        Map<String, long[]> expected = new HashMap<>(); // clinician -> {questions, answered}
        List<String[]> records = new ArrayList<>();      // {key, value}
        for (int c = 0; c < CLINICIANS; c++) {
            String clinician = "prac-rec-" + c + "-" + UUID.randomUUID();
            long answered = 0;
            for (int q = 0; q < QUESTIONS; q++) {
                String patient = "pat-" + UUID.randomUUID();
                String question = UUID.randomUUID().toString();
                // Two days ago at the latest: an answer comes up to 25 hours later, and must not fall on tomorrow,
                // outside the window, when the test runs late in the clinic's evening.
                Instant asked = NOW.minus(Duration.ofDays(2 + random.nextInt(25))).plusSeconds(q);
                String questionEvent = event(clinician, patient, MessageKind.PATIENT_INITIATED, question, asked, null,
                        List.of(), random);
                records.add(new String[] {clinician, questionEvent});
                if (random.nextInt(3) > 0) {
                    answered++;
                    String answer = event(clinician, patient, MessageKind.PROVIDER_RESPONSE, UUID.randomUUID().toString(),
                            asked.plusSeconds(600 + random.nextInt(90_000)), 600L, List.of(question), random);
                    records.add(new String[] {clinician, answer});
                    records.add(new String[] {clinician, answer}); // a redelivery
                }
                records.add(new String[] {clinician, questionEvent});
            }
            expected.put(clinician, new long[] {QUESTIONS, answered});
        }
        KafkaTopics.send(stack.bootstrapServers(), Topics.MESSAGE_EVENTS, records);

        // Kill it once some batches are committed and others are not.
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres")) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(db, "select count(*) from message_fact") > 0);
            long factsAtKill = count(db, "select count(*) from message_fact");
            stack.killService();
            System.out.printf("killed with %d of %d facts stored%n", factsAtKill,
                    expected.values().stream().mapToLong(e -> e[0] + e[1]).sum());
        }
        stack.startService();
        KafkaTopics.awaitConsumed(stack.bootstrapServers(), "engagement-service", Topics.MESSAGE_EVENTS,
                Duration.ofSeconds(180));
        Map<String, JsonNode> afterRecovery = summaries(expected, true);

        // Replay everything from offset 0: nothing may change.
        stack.killService();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    admin.deleteConsumerGroups(List.of("engagement-service")).all().get());
        }
        stack.startService();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> KafkaTopics.awaitConsumed(
                stack.bootstrapServers(), "engagement-service", Topics.MESSAGE_EVENTS, Duration.ofSeconds(5)));
        Map<String, JsonNode> afterReplay = summaries(expected, false);
        for (String clinician : expected.keySet()) {
            JsonNode before = afterRecovery.get(clinician);
            JsonNode after = afterReplay.get(clinician);
            ((com.fasterxml.jackson.databind.node.ObjectNode) before.path("backlog")).remove("oldestAgeSeconds");
            ((com.fasterxml.jackson.databind.node.ObjectNode) after.path("backlog")).remove("oldestAgeSeconds");
            assertThat(after).as(clinician).isEqualTo(before);
        }
    }

    /** Every clinician's 30-day summary, checked against what was published. */
    private static Map<String, JsonNode> summaries(Map<String, long[]> expected, boolean check) throws Exception {
        Map<String, JsonNode> summaries = new HashMap<>();
        for (Map.Entry<String, long[]> entry : expected.entrySet()) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl()
                            + "/api/v1/engagement/providers/" + entry.getKey() + "?window=30d"))
                    .header("Authorization", "Bearer " + TestTokens.ops("olga")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode summary = JSON.readTree(response.body());
            long questions = entry.getValue()[0];
            long answered = entry.getValue()[1];
            assertThat(summary.path("counts").path("PATIENT_INITIATED").asLong()).as(entry.getKey()).isEqualTo(questions);
            assertThat(summary.path("counts").path("PROVIDER_RESPONSE").asLong()).as(entry.getKey()).isEqualTo(answered);
            assertThat(summary.path("replies").path("answered").asLong()).as(entry.getKey()).isEqualTo(answered);
            assertThat(summary.path("backlog").path("unanswered").asLong()).as(entry.getKey()).isEqualTo(questions - answered);
            assertThat(summary.path("latency").path("responses").asLong()).as(entry.getKey()).isEqualTo(answered);
            summaries.put(entry.getKey(), summary);
        }
        return summaries;
    }

    private static String event(String clinician, String patient, MessageKind kind, String id, Instant sentAt,
            Long latency, List<String> answered, Random random) {
        boolean byClinician = kind == MessageKind.PROVIDER_RESPONSE;
        MessageSent data = new MessageSent(id, "thr-" + patient, patient, clinician, byClinician ? clinician : patient,
                byClinician ? ParticipantRole.CLINICIAN : ParticipantRole.PATIENT, kind, "ehr", "other", "routine",
                sentAt, null, latency, byClinician ? answered : null, String.format("%016x", random.nextLong()), 20);
        return EventCodec.toJson(CloudEvent.of("/test", sentAt, data));
    }

    private static long count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
