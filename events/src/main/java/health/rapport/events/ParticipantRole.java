package health.rapport.events;

/** Who acted on a thread. */
public enum ParticipantRole {
    PATIENT,
    CLINICIAN,
    EHR_SYSTEM
}
