package health.rapport.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** The data of a Rapport event. */
public sealed interface EventPayload
        permits MessageSent, ThreadRead, ThreadClosed, ThreadReopened, EngagementTierChanged, ReplyOverdue,
        NudgeScheduled, NudgeDelivered, NudgeFailed, NudgeAcknowledged {

    /** The clinician id the event is about: the CloudEvents subject and the Kafka key. */
    @JsonIgnore
    String subject();
}
