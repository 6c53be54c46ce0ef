package health.rapport.events;

/** Engagement tiers; the policy that assigns them lives in engagement-service. */
public enum EngagementTier {
    /** Too little volume to judge. */
    UNRATED,
    LOW,
    MEDIUM,
    HIGH
}
