package health.rapport.notification.support;

import static io.restassured.RestAssured.given;

import health.rapport.events.CloudEvent;
import health.rapport.events.EngagementTier;
import health.rapport.events.EngagementTierChanged;
import health.rapport.events.EventCodec;
import health.rapport.events.EventPayload;
import health.rapport.events.MessageKind;
import health.rapport.events.MessageSent;
import health.rapport.events.ParticipantRole;
import health.rapport.events.ReplyOverdue;
import health.rapport.events.Topics;
import health.rapport.notification.nudge.repository.DeliveryEntity;
import health.rapport.notification.nudge.repository.NudgeEntity;
import health.rapport.testsupport.KafkaTopics;
import health.rapport.testsupport.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared steps of the nudge tests: events in, the policy, what the database and the nudge topic hold. */
public final class NudgeTesting {

    public static final String OPS = TestTokens.ops("olga");

    private NudgeTesting() {
    }

    public static String newClinician() {
        return "prac-" + UUID.randomUUID();
    }

    /** The policy the tests start from: weekdays 08:00–18:00, three attempts one second apart (doubling). */
    public static Map<String, Object> policy() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cooldownHours", new LinkedHashMap<>(Map.of("OVERDUE_REPLIES", 24, "LOW_ENGAGEMENT", 168,
                "RECOVERY_THANKS", 336, "ESCALATION", 168)));
        p.put("weeklyCap", 10);
        p.put("quietStart", "18:00");
        p.put("quietEnd", "08:00");
        p.put("workingDays", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"));
        p.put("defaultZone", "America/New_York");
        p.put("escalateAfterIgnored", 0);
        p.put("opsEmail", "ops@rapport.test");
        p.put("maxAttempts", 3);
        p.put("retryBaseSeconds", 1);
        p.put("targetWithinShare", 0.8);
        p.put("targetPersonalShare", 0.5);
        return p;
    }

    public static void putPolicy(Map<String, Object> policy) {
        given().auth().oauth2(OPS).contentType("application/json").body(policy)
                .when().put("/api/v1/nudge-policy").then().statusCode(200);
    }

    public static CloudEvent<ReplyOverdue> overdue(String clinician, Instant now, Duration waiting) {
        return CloudEvent.of("/test", now, new ReplyOverdue(clinician, "thr-" + UUID.randomUUID(),
                "msg-" + UUID.randomUUID(), now.minus(waiting), now.minus(waiting).plus(Duration.ofDays(3)), now));
    }

    public static CloudEvent<EngagementTierChanged> tier(String clinician, EngagementTier from, EngagementTier to,
            Instant at) {
        return tier(clinician, from, to, at, 0.42, 0.35);
    }

    public static CloudEvent<EngagementTierChanged> tier(String clinician, EngagementTier from, EngagementTier to,
            Instant at, double withinTarget, double personal) {
        return CloudEvent.of("/test", at, new EngagementTierChanged(clinician, from, to, 30, withinTarget, personal,
                57L, List.of("answered-within-target-below-80%"), at));
    }

    /** A provider response answering the given patient messages, on rapport.message-events.v1. */
    public static void answer(String bootstrap, String clinician, Instant at, String... messageIds) {
        MessageSent response = new MessageSent("msg-" + UUID.randomUUID(), "thr-" + UUID.randomUUID(), "pat-1",
                clinician, clinician, ParticipantRole.CLINICIAN, MessageKind.PROVIDER_RESPONSE, "portal", "other",
                "routine", at, messageIds[0], 3600L, List.of(messageIds), "0123456789abcdef", 40);
        KafkaTopics.send(bootstrap, Topics.MESSAGE_EVENTS, clinician, EventCodec.toJson(CloudEvent.of("/test", at,
                response)));
    }

    public static void send(String bootstrap, String clinician, Object... events) {
        String[] values = new String[events.length];
        for (int i = 0; i < events.length; i++) {
            values[i] = events[i] instanceof CloudEvent<?> e ? EventCodec.toJson(e) : events[i].toString();
        }
        KafkaTopics.send(bootstrap, Topics.ENGAGEMENT_EVENTS, clinician, values);
    }

    public static List<NudgeEntity> nudges(String clinician) {
        return db(() -> NudgeEntity.<NudgeEntity>list("clinicianId = ?1 order by createdAt", clinician));
    }

    public static List<DeliveryEntity> deliveries(String nudgeId) {
        return db(() -> DeliveryEntity.<DeliveryEntity>list("nudgeId = ?1 order by channel", nudgeId));
    }

    public static <T> T db(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(work));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The clinician's nudge events on rapport.nudge-events.v1, decoded, waiting until {@code expected} are there. */
    public static List<CloudEvent<? extends EventPayload>> nudgeEvents(String bootstrap, String clinician, int expected) {
        List<ConsumerRecord<String, String>> records = KafkaTopics.read(bootstrap, Topics.NUDGE_EVENTS,
                r -> clinician.equals(r.key()), expected, Duration.ofSeconds(30));
        return records.stream().<CloudEvent<? extends EventPayload>>map(r -> EventCodec.fromJson(r.value())).toList();
    }
}
