package health.rapport.notification.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import health.rapport.events.CloudEvent;
import health.rapport.events.EventCodec;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.Topics;
import health.rapport.notification.signal.service.SignalService;
import health.rapport.notification.support.NotificationTestResources;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.RealInfrastructure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(NotificationTestResources.class)
class EngagementEventConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    SignalService signals;

    @Test
    void recordsEachSignalOnceAndDeadLettersGarbage() {
        String clinician = "prac-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CloudEvent<ReplyOverdue> overdue = CloudEvent.of("/test", now, new ReplyOverdue(clinician,
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), now.minus(Duration.ofDays(4)),
                now.minus(Duration.ofDays(1)), now));
        String json = EventCodec.toJson(overdue);
        KafkaTopics.send(bootstrap, Topics.ENGAGEMENT_EVENTS, clinician, json, "{garbage", json);

        assertThat(KafkaTopics.read(bootstrap, Topics.deadLetterOf(Topics.ENGAGEMENT_EVENTS),
                r -> clinician.equals(r.key()), 1, Duration.ofSeconds(30)))
                .extracting(r -> r.value()).containsExactly("{garbage");
        await().atMost(Duration.ofSeconds(20)).until(() -> signalCount(clinician) == 1L);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private long signalCount(String clinician) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> signals.countFor(clinician)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
