package health.rapport.events;

import java.time.Instant;

/** A closed thread was reopened by a participant; it takes messages again. */
public record ThreadReopened(
        String threadId,
        String patientId,
        String clinicianId,
        String reopenedBy,
        ParticipantRole reopenedByRole,
        Instant reopenedAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
