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
import health.rapport.stack.Cli;
import health.rapport.stack.KafkaBroker;
import health.rapport.stack.ManagedProcess;
import health.rapport.stack.PostgresServer;
import health.rapport.stack.StackSettings;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.TestTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static Path dir;
    private static EmbeddedPostgres postgres;
    private static KafkaBroker broker;
    private static ManagedProcess kafka;
    private static ManagedProcess service;
    private static String marker;
    private static int servicePort;
    private static String jdbcUrl;
    private static final List<CareTeams.Pair> pairs = new ArrayList<>();
    private static final List<String> threads = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
        dir = Files.createTempDirectory("rapport-outbox-it-");
        marker = "-Drapport.home=" + dir;
        broker = new KafkaBroker(root, dir.resolve("kafka"), StackSettings.freePort(), StackSettings.freePort());
        kafka = new ManagedProcess("kafka", dir.resolve("run"), dir.resolve("logs"), marker);
        startKafka();
        broker.createTopics();
        postgres = PostgresServer.start(StackSettings.freePort(), dir.resolve("postgres"), dir.resolve("pg-work"));
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        service = new ManagedProcess("message-service", dir.resolve("run"), dir.resolve("logs"), marker);
        servicePort = StackSettings.freePort();
        startService();
        for (int i = 0; i < 8; i++) {
            CareTeams.Pair pair = CareTeams.fresh(jdbcUrl);
            pairs.add(pair);
            threads.add(openThread(pair));
        }
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (service != null) {
            service.stop(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.stop(Duration.ofSeconds(10));
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dir != null) {
            Cli.deleteTree(dir);
        }
    }

    @Test
    @Order(1)
    void whileKafkaIsDownTheApiKeepsAcceptingAndTheBacklogDrainsAfterwards() throws Exception {
        kafka.stop(Duration.ofSeconds(10));
        List<String> accepted = postMessages(24);
        assertThat(accepted).hasSize(24);

        // The lag grows while nothing can be published; past max-lag (4 s here) the outbox check turns DOWN.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode outbox = outboxCheck();
            assertThat(outbox.path("status").asText()).as(outbox.toString()).isEqualTo("DOWN");
            assertThat(outbox.path("data").path("backlog").asLong()).isGreaterThanOrEqualTo(24);
        });

        startKafka();
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
        kafka.stop(Duration.ofSeconds(10));
        List<String> accepted = postMessages(16);
        assertThat(accepted).hasSize(16);
        try (Connection db = connect(jdbcUrl)) {
            assertThat(count(db, "select count(*) from outbox_event")).isGreaterThanOrEqualTo(16);
        }

        kill(service);
        startKafka();
        startService();

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
        kill(service);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        Set<String> committed = committedMessageIds();
        committed.removeAll(before);
        // Every 201 the portal saw is stored; requests cut off by the kill may or may not be.
        assertThat(committed).containsAll(accepted);

        startService();
        List<ConsumerRecord<String, String>> records = assertPublished(committed);
        long repeats = records.size() - records.stream().map(ConsumerRecord::value).distinct().count();
        System.out.printf("kill under load: %d accepted, %d committed, %d events read, %d repeats%n",
                accepted.size(), committed.size(), records.size(), repeats);
    }

    /** Waits until a MessageSent for each id is on the topic; returns every matching record (repeats included). */
    private static List<ConsumerRecord<String, String>> assertPublished(java.util.Collection<String> messageIds) {
        Set<String> wanted = new HashSet<>(messageIds);
        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(bootstrap(), Topics.MESSAGE_EVENTS,
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
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
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if (check.path("name").asText().equals("outbox")) {
                return check;
            }
        }
        throw new AssertionError("no outbox check in " + response.body());
    }

    private static void startKafka() {
        String java = ProcessHandle.current().info().command().orElse("java");
        kafka.start(broker.prepare(java, marker), Map.of(), dir);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(broker::healthy);
    }

    private static void startService() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("the packaged service (failsafe runs after package)").isRegularFile();
        String pg = "127.0.0.1:" + postgres.getPort() + "/postgres";
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                marker, "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + servicePort,
                "-Dkafka.bootstrap.servers=" + bootstrap(),
                "-Dquarkus.datasource.reactive.url=postgresql://" + pg,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + pg,
                "-Dquarkus.oidc.auth-server-url=",
                "-Drapport.outbox.lag-refresh-interval=1s",
                "-Drapport.outbox.readiness.max-lag=4s",
                "-Dmp.messaging.outgoing.outbox.request.timeout.ms=2000",
                "-Dmp.messaging.outgoing.outbox.delivery.timeout.ms=4000"));
        TestTokens.verificationConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        service.start(command, Map.of(), dir);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
                if (service.running().isEmpty()) {
                    throw new IllegalStateException("message-service exited:\n" + service.tail(60));
                }
                return status("/q/health/live") == 200;
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + service.tail(60), e);
        }
    }

    /** SIGKILL: no shutdown hooks, no graceful drain, exactly what a node failure or OOM kill does. */
    private static void kill(ManagedProcess process) throws Exception {
        ProcessHandle handle = process.running().orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    private static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException notYet) {
            return -1;
        }
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + servicePort;
    }

    private static String bootstrap() {
        return broker.bootstrapServers();
    }
}
