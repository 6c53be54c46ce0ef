package health.rapport.events;

import java.time.Instant;

/** A thread was closed; it takes no more messages. */
public record ThreadClosed(
        String threadId,
        String patientId,
        String clinicianId,
        String closedBy,
        ParticipantRole closedByRole,
        Instant closedAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
