package health.rapport.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event type Rapport produces: its CloudEvents type, topic, payload class and JSON Schema. */
public enum EventType {
    MESSAGE_SENT("health.rapport.message.sent", Topics.MESSAGE_EVENTS, MessageSent.class, "message-sent"),
    THREAD_READ("health.rapport.thread.read", Topics.MESSAGE_EVENTS, ThreadRead.class, "thread-read"),
    THREAD_CLOSED("health.rapport.thread.closed", Topics.MESSAGE_EVENTS, ThreadClosed.class, "thread-closed"),
    THREAD_REOPENED("health.rapport.thread.reopened", Topics.MESSAGE_EVENTS, ThreadReopened.class,
            "thread-reopened"),
    ENGAGEMENT_TIER_CHANGED("health.rapport.engagement.tier-changed", Topics.ENGAGEMENT_EVENTS,
            EngagementTierChanged.class, "engagement-tier-changed"),
    REPLY_OVERDUE("health.rapport.engagement.reply-overdue", Topics.ENGAGEMENT_EVENTS, ReplyOverdue.class,
            "reply-overdue"),
    NUDGE_SCHEDULED("health.rapport.nudge.scheduled", Topics.NUDGE_EVENTS, NudgeScheduled.class, "nudge-scheduled"),
    NUDGE_DELIVERED("health.rapport.nudge.delivered", Topics.NUDGE_EVENTS, NudgeDelivered.class, "nudge-delivered"),
    NUDGE_FAILED("health.rapport.nudge.failed", Topics.NUDGE_EVENTS, NudgeFailed.class, "nudge-failed"),
    NUDGE_ACKNOWLEDGED("health.rapport.nudge.acknowledged", Topics.NUDGE_EVENTS, NudgeAcknowledged.class,
            "nudge-acknowledged");

    /** Where the schemas are published; the same files live in this module under {@code schemas/}. */
    public static final String SCHEMA_BASE_URI = "https://rapport.health/schemas/events/";
    public static final String SCHEMA_VERSION = "1.0";

    private final String ceType;
    private final String topic;
    private final Class<? extends EventPayload> payloadClass;
    private final String schemaName;

    EventType(String ceType, String topic, Class<? extends EventPayload> payloadClass, String schemaName) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadClass = payloadClass;
        this.schemaName = schemaName;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    public String schemaName() {
        return schemaName;
    }

    /** The class-path resource of this type's JSON Schema (of the {@code data} member). */
    public String schemaResource() {
        return "schemas/" + schemaName + ".v1.schema.json";
    }

    public String schemaUri() {
        return SCHEMA_BASE_URI + schemaName + ".v1.schema.json";
    }

    public String schemaVersion() {
        return SCHEMA_VERSION;
    }

    public static EventType of(Class<?> payloadClass) {
        return Arrays.stream(values()).filter(t -> t.payloadClass == payloadClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event payload: " + payloadClass));
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
