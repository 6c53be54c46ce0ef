package health.rapport.events;

import java.time.Instant;

/** A nudge could not be delivered after its last retry. */
public record NudgeFailed(
        String nudgeId,
        String clinicianId,
        NudgeKind kind,
        NudgeChannel channel,
        int attempts,
        String reason,
        Instant failedAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
