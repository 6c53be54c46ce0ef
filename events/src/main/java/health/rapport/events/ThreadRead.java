package health.rapport.events;

import java.time.Instant;

/** A participant read a thread up to a message. */
public record ThreadRead(
        String threadId,
        String patientId,
        String clinicianId,
        String readerId,
        ParticipantRole readerRole,
        String lastReadMessageId,
        Instant readAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
