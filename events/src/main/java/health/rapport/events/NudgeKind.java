package health.rapport.events;

/** What a nudge is about. */
public enum NudgeKind {
    OVERDUE_REPLIES,
    LOW_ENGAGEMENT,
    RECOVERY_THANKS,
    ESCALATION
}
