package health.rapport.events;

import java.time.Instant;

/** A patient message passed the reply target unanswered. */
public record ReplyOverdue(
        String clinicianId,
        String threadId,
        String messageId,
        Instant receivedAt,
        Instant dueAt,
        Instant detectedAt) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
