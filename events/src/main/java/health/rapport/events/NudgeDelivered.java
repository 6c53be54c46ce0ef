package health.rapport.events;

import java.time.Instant;

/** A nudge reached its channel. */
public record NudgeDelivered(
        String nudgeId,
        String clinicianId,
        NudgeKind kind,
        NudgeChannel channel,
        int attempts,
        Instant deliveredAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
