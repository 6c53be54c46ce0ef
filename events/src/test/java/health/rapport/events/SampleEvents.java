package health.rapport.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: a representative event of every type, built from the records. */
final class SampleEvents {

    static final String CLINICIAN = "pract-4821";
    static final String PATIENT = "pat-10293";
    static final Instant T0 = Instant.parse("2025-03-04T09:59:59Z");

    private SampleEvents() {
    }

    /** A typical payload of the given type; the switch fails to compile when a type is added without one. */
    static EventPayload payload(EventType type) {
        return switch (type) {
            case MESSAGE_SENT -> providerResponse();
            case THREAD_READ -> new ThreadRead("thr-1", PATIENT, CLINICIAN, CLINICIAN, ParticipantRole.CLINICIAN,
                    "msg-2", T0.plusSeconds(3_600));
            case THREAD_CLOSED -> new ThreadClosed("thr-1", PATIENT, CLINICIAN, "ehr-epic-prod",
                    ParticipantRole.EHR_SYSTEM, T0.plusSeconds(86_400), null);
            case THREAD_REOPENED -> new ThreadReopened("thr-1", PATIENT, CLINICIAN, PATIENT, ParticipantRole.PATIENT,
                    T0.plusSeconds(90_000));
            case ENGAGEMENT_TIER_CHANGED -> new EngagementTierChanged(CLINICIAN, EngagementTier.MEDIUM,
                    EngagementTier.LOW, 28, 0.71, 0.42, 57, List.of("answered-within-target-below-80%"),
                    T0.plusSeconds(7_200));
            case REPLY_OVERDUE -> new ReplyOverdue(CLINICIAN, "thr-1", "msg-1", T0, T0.plusSeconds(86_400),
                    T0.plusSeconds(86_412));
            case NUDGE_SCHEDULED -> new NudgeScheduled("ndg-1", CLINICIAN, NudgeKind.OVERDUE_REPLIES,
                    NudgeChannel.EMAIL, "a61d3e9b-7c2f-4058-b1e4-8d0c5f2a9e37", T0.plusSeconds(90_000));
            case NUDGE_DELIVERED -> new NudgeDelivered("ndg-1", CLINICIAN, NudgeKind.OVERDUE_REPLIES,
                    NudgeChannel.IN_APP, 2, T0.plusSeconds(90_002));
            case NUDGE_FAILED -> new NudgeFailed("ndg-2", CLINICIAN, NudgeKind.ESCALATION, NudgeChannel.WEBHOOK, 5,
                    "HTTP 503 after 5 attempts", T0.plusSeconds(91_000));
            case NUDGE_ACKNOWLEDGED -> new NudgeAcknowledged("ndg-1", CLINICIAN, NudgeKind.OVERDUE_REPLIES,
                    T0.plusSeconds(95_000));
        };
    }

    static MessageSent providerResponse() {
        return new MessageSent("msg-3", "thr-1", PATIENT, CLINICIAN, CLINICIAN, ParticipantRole.CLINICIAN,
                MessageKind.PROVIDER_RESPONSE, "portal", "clinical-question", "routine",
                Instant.parse("2025-03-04T15:42:10.512345678Z"), "msg-2", 20_531L, List.of("msg-1", "msg-2"),
                "9f3a6c01d2e47b58", 412);
    }

    static MessageSent patientInitiated() {
        return new MessageSent("msg-1", "thr-1", PATIENT, CLINICIAN, PATIENT, ParticipantRole.PATIENT,
                MessageKind.PATIENT_INITIATED, "ehr", "medication", "routine", T0, null, null, null,
                "0c44e1a9b7f20d3e", 0);
    }

    static EngagementTierChanged unrated() {
        return new EngagementTierChanged(CLINICIAN, EngagementTier.LOW, EngagementTier.UNRATED, 28, null, null, 0, null,
                T0);
    }

    static String sourceOf(EventType type) {
        return switch (type.topic()) {
            case Topics.MESSAGE_EVENTS -> "/rapport/message-service";
            case Topics.ENGAGEMENT_EVENTS -> "/rapport/engagement-service";
            default -> "/rapport/notification-service";
        };
    }

    static CloudEvent<EventPayload> event(EventPayload payload) {
        EventType type = EventType.of(payload.getClass());
        return CloudEvent.of("evt-" + type.schemaName() + "-" + Integer.toHexString(payload.hashCode()), sourceOf(type),
                T0.plusMillis(1), payload);
    }

    /** One event per type plus the variants whose optional members are absent. */
    static List<CloudEvent<EventPayload>> all() {
        List<CloudEvent<EventPayload>> events = new ArrayList<>();
        for (EventType type : EventType.values()) {
            events.add(event(payload(type)));
        }
        events.add(event(patientInitiated()));
        events.add(event(unrated()));
        return events;
    }
}
