package health.rapport.notification.nudge.repository;

/** Where a nudge stands. */
public enum NudgeStatus {
    /** Decided; deliveries wait for their time. */
    SCHEDULED,
    /** At least one channel delivered it. */
    DELIVERED,
    /** The clinician acknowledged it. */
    ACKNOWLEDGED,
    /** The clinician snoozed it (and with it their other nudges) until {@code snoozedUntil}. */
    SNOOZED,
    /** A delivery attempt is under way: a waiting digest no longer takes new items. */
    SENDING,
    /** Every channel failed after its last retry. */
    FAILED,
    /** Its cause was gone before delivery (for example no longer in the LOW tier). */
    SUPPRESSED,
    /** The clinician opted out of nudges (escalations excepted). */
    OPTED_OUT,
    /** Not deliverable at all: the clinician is not in the directory, or has no usable channel. */
    SKIPPED
}
