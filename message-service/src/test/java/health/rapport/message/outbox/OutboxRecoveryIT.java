package health.rapport.message.outbox;

import static health.rapport.message.TestDatabase.connect;
import static health.rapport.message.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.events.EventCodec;
import health.rapport.events.EventType;
import health.rapport.events.MessageSent;
import health.rapport.events.Topics;
import health.rapport.message.thread.CareTeams;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.PackagedService;
import health.rapport.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The outbox's promise over the packaged service, a real broker and a real PostgreSQL: a message the API accepted
 * reaches {@code rapport.message-events.v1} however the service or Kafka fails in between. The service runs as a
 * child process so it can be killed with SIGKILL (no shutdown hook, no graceful drain) and the broker can be
 * stopped under it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PackagedService stack;
    private static String jdbcUrl;
    private static final List<CareTeams.Pair> pairs = new ArrayList<>();
    private static final List<String> threads = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        stack = PackagedService.prepare(Map.of(
                "rapport.outbox.lag-refresh-interval", "1s",
                "rapport.outbox.readiness.max-lag", "4s",
                "mp.messaging.outgoing.outbox.request.timeout.ms", "2000",
                "mp.messaging.outgoing.outbox.delivery.timeout.ms", "4000"));
        jdbcUrl = stack.jdbcUrl();
        stack.startService();
        for (int i = 0; i < 8; i++) {
            CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
            pairs.add(pair);
            threads.add(openThread(pair));
        }
    }

    @AfterAll
    static void stopServers() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void whileKafkaIsDownTheApiKeepsAcceptingAndTheBacklogDrainsAfterwards() throws Exception {
        stack.stopKafka();
        List<String> accepted = postMessages(24);
        assertThat(accepted).hasSize(24);

        // The lag grows while nothing can be published; past max-lag (4 s here) the outbox check turns DOWN.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode outbox = outboxCheck();
            assertThat(outbox.path("status").asText()).as(outbox.toString()).isEqualTo("DOWN");
            assertThat(outbox.path("data").path("backlog").asLong()).isGreaterThanOrEqualTo(24);
        });

        stack.startKafka();
        assertPublished(accepted);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode outbox = outboxCheck();
            assertThat(outbox.path("status").asText()).as(outbox.toString()).isEqualTo("UP");
            assertThat(outbox.path("data").path("backlog").asLong()).isZero();
        });
    }

    @Test
    @Order(2)
    void killedBetweenCommitAndPublishTheServicePublishesEverythingAfterRestart() throws Exception {
        stack.stopKafka();
        List<String> accepted = postMessages(16);
        assertThat(accepted).hasSize(16);
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from outbox_event")).isGreaterThanOrEqualTo(16);
        }

        stack.killService();
        stack.startKafka();
        stack.startService();

        assertPublished(accepted);
        try (Connection db = connect(jdbcUrl)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "select count(*) from outbox_event") == 0);
        }
    }

    @Test
    @Order(3)
    void killedUnderLoadAtAnArbitraryPointNothingCommittedIsLost() throws Exception {
        Set<String> before = committedMessageIds();
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            clients.submit(() -> {
                for (int i = attempts.incrementAndGet(); i <= 400; i = attempts.incrementAndGet()) {
                    try {
                        accepted.add(postMessage(i % threads.size(), i));
                    } catch (Exception refused) {
                        return; // the service is gone
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 120);
        stack.killService();
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        Set<String> committed = committedMessageIds();
        committed.removeAll(before);
        // Every 201 the portal saw is stored; requests cut off by the kill may or may not be.
        assertThat(committed).containsAll(accepted);

        stack.startService();
        List<ConsumerRecord<String, String>> records = assertPublished(committed);
        long repeats = records.size() - records.stream().map(ConsumerRecord::value).distinct().count();
        System.out.printf("kill under load: %d accepted, %d committed, %d events read, %d repeats%n",
                accepted.size(), committed.size(), records.size(), repeats);
    }

    /** Waits until a MessageSent for each id is on the topic; returns every matching record (repeats included). */
    private static List<ConsumerRecord<String, String>> assertPublished(java.util.Collection<String> messageIds) {
        Set<String> wanted = new HashSet<>(messageIds);
        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(stack.bootstrapServers(), Topics.MESSAGE_EVENTS,
                record -> isMessageSent(record),
                found -> messageIdsOf(found).containsAll(wanted), Duration.ofSeconds(90));
        assertThat(messageIdsOf(records)).containsAll(wanted);
        return records;
    }

    private static boolean isMessageSent(ConsumerRecord<String, String> record) {
        var type = record.headers().lastHeader("ce_type");
        return type != null && EventType.MESSAGE_SENT.ceType().equals(new String(type.value(), StandardCharsets.UTF_8));
    }

    private static Set<String> messageIdsOf(List<ConsumerRecord<String, String>> records) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            ids.add(EventCodec.fromJson(record.value(), MessageSent.class).data().messageId());
        }
        return ids;
    }

    private static Set<String> committedMessageIds() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection db = connect(jdbcUrl); Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("select id::text from message")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static List<String> postMessages(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(postMessage(i % threads.size(), i));
        }
        return ids;
    }

    /** Posts into thread {@code t}, alternating patient and clinician; returns the new message's id. */
    private static String postMessage(int t, int i) throws Exception {
        CareTeams.Pair pair = pairs.get(t);
        String token = i % 2 == 0 ? TestTokens.clinician(pair.clinician()) : TestTokens.patient(pair.patient());
        JsonNode created = post("/api/v1/threads/" + threads.get(t) + "/messages", token,
                Map.of("body", "Message " + i + " about the results"));
        return created.path("id").asText();
    }

    private static String openThread(CareTeams.Pair pair) throws Exception {
        return post("/api/v1/threads", TestTokens.patient(pair.patient()), Map.of(
                "recipient", "Practitioner/" + pair.clinician(), "subject", "Results", "category", "test-results",
                "priority", "routine", "body", "Are my results in?")).path("id").asText();
    }

    private static JsonNode post(String path, String token, Map<String, String> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + " gave " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode outboxCheck() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if (check.path("name").asText().equals("outbox")) {
                return check;
            }
        }
        throw new AssertionError("no outbox check in " + response.body());
    }






}
