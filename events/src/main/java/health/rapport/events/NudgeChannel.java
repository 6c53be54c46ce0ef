package health.rapport.events;

/** How a nudge reaches its reader. */
public enum NudgeChannel {
    EMAIL,
    IN_APP,
    WEBHOOK
}
