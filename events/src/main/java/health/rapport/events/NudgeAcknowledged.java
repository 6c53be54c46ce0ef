package health.rapport.events;

import java.time.Instant;

/** The clinician acknowledged a nudge. */
public record NudgeAcknowledged(
        String nudgeId,
        String clinicianId,
        NudgeKind kind,
        Instant acknowledgedAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
