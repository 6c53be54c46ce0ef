package health.rapport.events;

/** Who acted on a thread. */
public enum ParticipantRole {
    PATIENT,
    CLINICIAN,
    EHR_SYSTEM,
    /** Rapport itself, for example a thread closing after being idle. */
    SYSTEM
}
