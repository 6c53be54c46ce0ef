package health.rapport.events;

/** The study's message kinds, decided by message-service from thread state. */
public enum MessageKind {
    /** First message of a thread, sent by the patient. */
    PATIENT_INITIATED,
    /** First message of a thread, sent by a clinician. */
    PROVIDER_INITIATED,
    /** A clinician's message while at least one patient message is unanswered. */
    PROVIDER_RESPONSE,
    /** A patient message in an existing thread. */
    PATIENT_FOLLOW_UP,
    /** A clinician's message with nothing unanswered. */
    PROVIDER_FOLLOW_UP
}
