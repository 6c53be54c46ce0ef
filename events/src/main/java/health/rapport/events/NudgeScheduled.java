package health.rapport.events;

import java.time.Instant;

/** A nudge was decided and will be delivered at {@code deliverAt}. */
public record NudgeScheduled(
        String nudgeId,
        String clinicianId,
        NudgeKind kind,
        NudgeChannel channel,
        String causeEventId,
        Instant deliverAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
