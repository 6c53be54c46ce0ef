package health.rapport.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A message was added to a thread. Carries ids, kind, times and a fingerprint of the text, never the text.
 *
 * @param responseLatencySeconds for {@link MessageKind#PROVIDER_RESPONSE}: seconds since the oldest unanswered
 *                               patient message; otherwise absent
 * @param answeredMessageIds     for {@link MessageKind#PROVIDER_RESPONSE}: the patient messages this one answers
 * @param textFingerprint        64-bit SimHash of the normalised text, 16 lower-case hex digits
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageSent(
        String messageId,
        String threadId,
        String patientId,
        String clinicianId,
        String senderId,
        ParticipantRole senderRole,
        MessageKind kind,
        String origin,
        String category,
        String priority,
        Instant sentAt,
        String inResponseTo,
        Long responseLatencySeconds,
        java.util.List<String> answeredMessageIds,
        String textFingerprint,
        int textLength) implements EventPayload {

    @Override
    public String subject() {
        return clinicianId;
    }
}
