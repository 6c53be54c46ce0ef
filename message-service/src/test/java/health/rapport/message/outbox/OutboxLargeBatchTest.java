package health.rapport.message.outbox;

import static health.rapport.message.TestDatabase.connect;
import static health.rapport.message.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import health.rapport.events.CloudEvent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.ThreadClosed;
import health.rapport.events.Topics;
import health.rapport.support.outbox.Outbox;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A relay batch larger than the outgoing channel's own buffers (1,024 in flight and 128 waiting by default): the
 * whole batch must go out once and leave the outbox, however large {@code rapport.outbox.batch-size} is set.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(OutboxLargeBatchTest.LargeBatches.class)
class OutboxLargeBatchTest {

    private static final int EVENTS = 3_000;

    public static class LargeBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rapport.outbox.batch-size", "2500");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aBatchLargerThanTheChannelsBuffersIsPublishedOnceAndLeavesTheOutbox() throws Exception {
        String clinician = "prac-" + UUID.randomUUID();
        Instant now = Instant.now();
        List<CloudEvent<ThreadClosed>> events = IntStream.range(0, EVENTS).mapToObj(i -> CloudEvent.of("/test", now,
                new ThreadClosed(UUID.randomUUID().toString(), "pat-" + i, clinician, "test", ParticipantRole.SYSTEM,
                        now, ThreadClosed.IDLE))).toList();
        pool.withTransaction(connection -> outbox.enqueueAll(connection, events)).await().atMost(Duration.ofSeconds(30));
        outbox.flushSoon();

        Set<String> ids = events.stream().map(CloudEvent::id).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> published = KafkaTopics.read(bootstrap, Topics.MESSAGE_EVENTS,
                r -> clinician.equals(r.key()), EVENTS, Duration.ofSeconds(90));
        Map<String, Long> timesPublished = published.stream().collect(Collectors.groupingBy(
                r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8),
                Collectors.counting()));
        assertThat(timesPublished.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        try (Connection db = connect(jdbcUrl)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(db,
                    "select count(*) from outbox_event where record_key = ?", clinician)).isZero());
        }
        // Nothing went out twice: a failed batch would have published its first part again.
        Thread.sleep(2_000);
        List<ConsumerRecord<String, String>> after = KafkaTopics.read(bootstrap, Topics.MESSAGE_EVENTS,
                r -> clinician.equals(r.key()), EVENTS + 1, Duration.ofSeconds(5));
        assertThat(after).hasSize(EVENTS);
        assertThat(timesPublished.values()).allMatch(n -> n == 1L);
    }
}
